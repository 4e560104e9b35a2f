using NeuralMath.Tests.Training;

namespace NeuralMath.Tests.Cli;

/// <summary>The train command's refusals: one line on stderr, exit code 2, and the run folder as it was.</summary>
public sealed class TrainCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nm-train-cli-").FullName;

    private string TinyConfig()
    {
        string path = Path.Combine(_dir, "tiny.json");
        File.WriteAllText(path, TrainerTests.TinyAddition(10).ToJson());
        return path;
    }

    [Fact]
    public void ResumingWithAnotherModel_GivesOneLineNamingTheSetting()
    {
        string run = Path.Combine(_dir, "run");
        var (code, _, stderr) = CliRunner.Run(null, "train", "--config", TinyConfig(), "--out", run, "--progress", "none");
        Assert.True(code == 0, stderr);

        (code, _, stderr) = CliRunner.Run(null, "train", "--out", run, "--resume", "--set", "model.modelDim=32", "--progress", "none");
        Assert.Equal(2, code);
        AssertOneLine(stderr);
        Assert.Contains("model.modelDim=64, not 32", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("problem.max=10000000000", "problem.max")]
    [InlineData("model.modelDim=131072", "model.modelDim")]
    public void ARunBeyondTheMachinesMemory_IsRefusedInOneLine_AndWritesNothing(string assignment, string setting)
    {
        // Factorization lists its whole range (two-operand problems sample a huge one instead).
        string run = Path.Combine(_dir, "run");
        var (code, _, stderr) = CliRunner.Run(null, "train", "--config", "factorization-2p16-base30", "--set", assignment, "--out", run, "--progress", "none");
        Assert.Equal(2, code);
        AssertOneLine(stderr);
        Assert.Contains(setting, stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(run));
    }

    [Fact]
    public void AFullDisk_GivesOneLine_AndLeavesNoTmpFile()
    {
        Assert.SkipUnless(File.Exists("/dev/full"), "needs /dev/full (Linux) to simulate a full disk");
        string run = Directory.CreateDirectory(Path.Combine(_dir, "run")).FullName;
        File.CreateSymbolicLink(Path.Combine(run, "model.nmm.tmp"), "/dev/full");
        var (code, _, stderr) = CliRunner.Run(null, "train", "--config", TinyConfig(), "--out", run, "--progress", "none");
        Assert.Equal(2, code);
        AssertOneLine(stderr);
        Assert.Contains("No space left on device", stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(run, "*.tmp"));
    }

    internal static void AssertOneLine(string stderr)
    {
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
