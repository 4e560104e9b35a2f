using NeuralMath.Artifacts;
using NeuralMath.Diagnostics;

namespace NeuralMath.Tests.Diagnostics;

public class BuildVersionTests
{
    [Theory]
    [InlineData("0.1.0+5ac0f79125ea54a42b91ba6b8bec24e22084f438", "0.1.0", "5ac0f79125ea54a42b91ba6b8bec24e22084f438")]
    [InlineData("0.1.0-test.20261201+abc", "0.1.0-test.20261201", "abc")]
    [InlineData("0.1.0", "0.1.0", null)]
    [InlineData("0.1.0+", "0.1.0", null)]
    [InlineData("+abc", "0.0.0", "abc")]
    [InlineData("", "0.0.0", null)]
    [InlineData(null, "0.0.0", null)]
    public void AnInformationalVersion_SplitsIntoVersionAndCommit(string? informational, string version, string? commit) =>
        Assert.Equal(new BuildVersion(version, commit), BuildVersion.Parse(informational));

    [Fact]
    public void ThisBuild_HasTheRepositoryVersion_InModelFilesToo()
    {
        var build = BuildVersion.Of(typeof(ModelArtifact).Assembly);
        Assert.Matches(@"^\d+\.\d+\.\d+", build.Version);
        Assert.Equal(build.Version, ModelArtifact.LibraryVersion);
    }
}
