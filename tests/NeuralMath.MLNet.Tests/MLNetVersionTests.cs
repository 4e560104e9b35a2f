using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using NeuralMath.Internal;

namespace NeuralMath.MLNet.Tests;

/// <summary>Another Microsoft.ML than the pinned one fails at once, naming both versions, instead of with a MissingMethodException.</summary>
public sealed class MLNetVersionTests
{
    [Fact]
    public void Expected_IsThePinnedVersion_AndIsTheOneLoadedHere()
    {
        Assert.Equal("5.0.1", MLNetVersion.Expected);
        Assert.Equal(MLNetVersion.Expected, MLNetVersion.Loaded);
        Assert.NotNull(new MLContext().NeuralMath());
    }

    [Fact]
    public void Loaded_IsMicrosoftMLCoresInformationalVersion_WithoutTheCommit()
    {
        string informational = typeof(IHostEnvironment).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.StartsWith(MLNetVersion.Loaded + "+", informational, StringComparison.Ordinal);
        Assert.Equal("Microsoft.ML.Core", typeof(IHostEnvironment).Assembly.GetName().Name);
    }

    [Fact]
    public void AnotherVersion_GivesAnInvalidOperationException_NamingBothVersions()
    {
        Assert.Null(MLNetVersion.Check("5.0.1", "5.0.1", null));
        var e = MLNetVersion.Check("5.0.1", "5.1.0", "/app/Microsoft.ML.Core.dll");
        Assert.NotNull(e);
        Assert.Contains("works with Microsoft.ML 5.0.1 only", e.Message, StringComparison.Ordinal);
        Assert.Contains("loaded Microsoft.ML.Core 5.1.0 (/app/Microsoft.ML.Core.dll)", e.Message, StringComparison.Ordinal);
        Assert.Contains("Reference Microsoft.ML 5.0.1", e.Message, StringComparison.Ordinal);
    }
}
