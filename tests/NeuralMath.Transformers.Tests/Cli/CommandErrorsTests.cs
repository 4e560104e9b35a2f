using NeuralMath.Cli.Commands;
using NeuralMath.Runtime;
using TorchSharp;

namespace NeuralMath.Tests.Cli;

/// <summary>What reaches the CLI boundary: expected failures become one line on stderr.</summary>
public sealed class CommandErrorsTests
{
    [Fact]
    public void ALibtorchAllocationFailure_IsOneLine()
    {
        TorchRuntime.EnsureLoaded();
        var stderr = new StringWriter();
        var original = Console.Error;
        Console.SetError(stderr);
        int code;
        try
        {
            code = CommandErrors.Run(() =>
            {
                using var huge = torch.empty(1L << 50); // 4 PB of floats: no machine can allocate it
                return 0;
            });
        }
        finally
        {
            Console.SetError(original);
        }
        Assert.Equal(2, code);
        TrainCommandTests.AssertOneLine(stderr.ToString());
        Assert.Contains("memory", stderr.ToString(), StringComparison.Ordinal);
    }
}
