namespace NeuralMath.Tests.Cli;

/// <summary>
/// Config and flag mistakes, through the real CLI: each is one line on stderr naming the setting (and the file),
/// exit code 2, and nothing is written: no run folder, no output file.
/// </summary>
[Collection(TrainedModelsCollection.Name)]
public sealed class ConfigAndFlagErrorTests(TrainedModels models) : IDisposable
{
    private const string Tiny = """
        { "problem": { "name": "addition", "max": 10, "outOfSample": 2 }, "tokenizer": { "base": 10 },
          "model": { "modelDim": 16, "heads": 2, "encoderLayers": 1, "decoderLayers": 1, "feedForwardDim": 32, "maxPositions": 12 },
          "training": { "steps": 2, "batchSize": 16, "warmupSteps": 1, "evalEvery": 2, "checkpointEvery": 2, "threads": 1 } }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("nm-config-errors-").FullName;

    [Theory]
    [InlineData("missing/addition-256.json", "", "missing/addition-256.json")]
    [InlineData("addition-256.json", "", "addition-256.json")]
    [InlineData("tiny.json", "training=5", "training must be a section")]
    [InlineData("tiny.json", "training=null", "training must be a section")]
    [InlineData("tiny.json", "training.steps.x=1", "training.steps is a value, not a section")]
    [InlineData("tiny.json", "training.steps=abc", "training.steps must be an integer")]
    [InlineData("tiny.json", "training.learningRate=1e400", "training.learningRate must be positive and finite")]
    [InlineData("tiny.json", "model.heads=3", "model.modelDim must be divisible by heads")]
    [InlineData("tiny.json", "model.norm=sideways", "model.norm must be one of post, pre")]
    [InlineData("tiny.json", "problem.name=sorting", "problem.name is 'sorting'")]
    [InlineData("tiny.json", "training.stepz=5", "training.stepz is not a setting")]
    [InlineData("duplicate.json", "", "training.steps is set twice")]
    [InlineData("infinite.json", "", "training.learningRate must be positive and finite")]
    public void BadConfigs_NameTheSettingAndTheFile_AndWriteNothing(string config, string assignment, string expected)
    {
        File.WriteAllText(Path.Combine(_dir, "tiny.json"), Tiny);
        File.WriteAllText(Path.Combine(_dir, "duplicate.json"), Tiny.Replace("\"steps\": 2,", "\"steps\": 2, \"steps\": 3,", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(_dir, "infinite.json"), Tiny.Replace("\"steps\": 2,", "\"steps\": 2, \"learningRate\": 1e400,", StringComparison.Ordinal));
        // "addition-256.json" stays relative to the working folder, which holds no such file: it is not the built-in.
        string path = config == "addition-256.json" ? config : Path.Combine(_dir, config);
        string run = Path.Combine(_dir, "run");
        string[] args = assignment.Length == 0
            ? ["train", "--config", path, "--out", run, "--progress", "none"]
            : ["train", "--config", path, "--set", assignment, "--out", run, "--progress", "none"];

        var (code, _, stderr) = CliRunner.Run(null, args);

        AssertOneLineError(code, stderr, expected);
        Assert.Contains(config, stderr, StringComparison.Ordinal); // the file
        Assert.False(Directory.Exists(run), "no run folder");
    }

    [Fact]
    public void ResumeWithNothingToResume_WritesNothing()
    {
        File.WriteAllText(Path.Combine(_dir, "tiny.json"), Tiny);
        string run = Path.Combine(_dir, "run");
        var (code, _, stderr) = CliRunner.Run(null, "train", "--config", Path.Combine(_dir, "tiny.json"), "--resume", "--out", run, "--progress", "none");
        AssertOneLineError(code, stderr, "--resume");
        Assert.False(Directory.Exists(run), "no run folder");
    }

    [Theory]
    [InlineData("eval --batch-size 0", "--batch-size must be at least 1")]
    [InlineData("eval --batch-size -3", "--batch-size must be at least 1")]
    [InlineData("eval --beams 0", "--beams must be at least 1")]
    [InlineData("eval --beams x", "'--beams'")]
    [InlineData("eval --bogus", "'--bogus'")]
    [InlineData("predict --beams 0 3+4", "--beams must be at least 1")]
    public void BadFlags_GiveOneLine_AndExitCode2(string args, string expected)
    {
        var (code, stdout, stderr) = CliRunner.Run(null, [.. args.Split(' '), "--model", models.Addition]);
        AssertOneLineError(code, stderr, expected);
        Assert.Equal("", stdout);
    }

    [Fact]
    public void BenchWithNegativeThreads_IsAnError_AndWritesNothing()
    {
        string output = Path.Combine(_dir, "bench.json");
        var (code, _, stderr) = CliRunner.Run(null, "bench", "--smoke", "--threads", "-1", "--out", output);
        AssertOneLineError(code, stderr, "--threads");
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void ReportWithAnInputTheModelCannotTake_WritesNothing()
    {
        string output = Path.Combine(_dir, "report");
        var (code, _, stderr) = CliRunner.Run(null, "report", "--model", models.Addition, "--input", "3+x", "--out", output);
        AssertOneLineError(code, stderr, "--input '3+x'");
        Assert.False(Directory.Exists(output), "no report folder");
    }

    private static void AssertOneLineError(int code, string stderr, string expected)
    {
        Assert.True(code == 2, $"exit code {code}: {stderr}");
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
        Assert.True(stderr.TrimEnd('\n').Split('\n').Length == 1, $"one line: {stderr}");
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
