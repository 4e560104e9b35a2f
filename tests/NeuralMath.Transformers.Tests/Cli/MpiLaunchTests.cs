using NeuralMath.Cli.Commands;

namespace NeuralMath.Tests.Cli;

/// <summary><c>--ranks N</c> re-runs the same command line under mpiexec, minus the option itself.</summary>
public sealed class MpiLaunchTests
{
    [Theory]
    [InlineData("train --ranks 2 --out r", "train --out r")]
    [InlineData("train --ranks=2 --steps 5", "train --steps 5")]
    [InlineData("train --out r --ranks 4", "train --out r")]
    [InlineData("train --set training.threads=1", "train --set training.threads=1")]
    public void TheRanksOption_IsRemoved_AndEverythingElseKept(string given, string expected) =>
        Assert.Equal(expected.Split(' '), MpiLaunch.WithoutRanks(given.Split(' ')));
}
