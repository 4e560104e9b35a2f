using System.Text.RegularExpressions;
using NeuralMath.Search;

namespace NeuralMath.Tests.Cli;

/// <summary>
/// <c>neuralmath build</c> end to end on a tiny space (a real search, real training, capped at a few dozen steps so it
/// ends in seconds whatever the budget), its files and generated projects, its resume, and its refusals.
/// </summary>
public sealed partial class BuildCommandTests : IClassFixture<BuildCommandTests.TinyBuild>
{
    private readonly TinyBuild _build;

    public BuildCommandTests(TinyBuild build) => _build = build;

    /// <summary>A tiny build, run once for the class: 3 trials of 10 steps, the best 2 continued to the 20-step cap.</summary>
    public sealed class TinyBuild : IDisposable
    {
        public const string Space = """
            { "start": { "model": { "modelDim": 16, "heads": 2, "encoderLayers": 1, "decoderLayers": 1, "feedForwardDim": 32 },
                         "training": { "batchSize": 32, "warmupSteps": 5, "validationSamples": 50 } },
              "dimensions": { "width": [16, 32], "learningRate": [0.002, 0.003], "base": null, "layers": null, "feedForward": null, "heads": null,
                              "positions": null, "norm": null, "warmup": null, "batchSize": null, "dropout": null },
              "schedule": { "minSteps": 10, "eta": 2, "minTrials": 3, "maxTrials": 3, "maxSteps": 20 } }
            """;

        public TinyBuild()
        {
            Root = Directory.CreateTempSubdirectory("nm-build-cli-").FullName;
            SpaceFile = Path.Combine(Root, "tiny.json");
            File.WriteAllText(SpaceFile, Space);
            Folder = Path.Combine(Root, "b");
            Feed = Path.Combine(Root, "feed");
            Result = CliRunner.Run(null, "build", "--problem", "addition", "--max", "20", "--time", "10m", "--space", SpaceFile, "--out", Folder,
                "--threads", "1", "--progress", "plain", "--feed", Feed);
        }

        public string Root { get; }

        public string SpaceFile { get; }

        public string Folder { get; }

        public string Feed { get; }

        public (int ExitCode, string Stdout, string Stderr) Result { get; }

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }

    [Fact]
    public void ATinyBuild_SearchesRanksAndWritesEveryFile()
    {
        var (code, stdout, stderr) = _build.Result;
        Assert.True(code == 0, $"build failed ({code}):\n{stdout}\n{stderr}");
        foreach (var file in new[] { "build.json", "leaderboard.csv", "model.nmm", "model.zip", "onnx/encoder.onnx", "onnx/decoder_step.onnx", "onnx/greedy.onnx", "onnx/manifest.json" })
            Assert.True(File.Exists(Path.Combine(_build.Folder, file)), $"{file} is missing:\n{stdout}");

        var record = BuildRecord.Load(_build.Folder);
        Assert.Equal("done", record.State);
        Assert.Equal(3, record.Trials.Count);
        Assert.All(record.Trials, t => Assert.True(t.Steps is 10 or 20, $"trial {t.Id}: {t.Steps} steps"));
        Assert.Equal(2, record.Trials.Count(t => t.Steps == 20));
        Assert.NotNull(record.Test);
        Assert.Equal(record.Winner, Assert.Single(record.Trials, t => t.Status == TrialStatus.Winner).Id);
        // The winner's model is the build's model.
        Assert.Equal(File.ReadAllBytes(Path.Combine(_build.Folder, "trials", $"{record.Winner:000}", "model.nmm")), File.ReadAllBytes(Path.Combine(_build.Folder, "model.nmm")));
        Assert.Equal(4, File.ReadAllLines(Path.Combine(_build.Folder, "leaderboard.csv")).Length);
        Assert.Contains("Leaderboard (3 trials, ranked by validation top1):", stdout, StringComparison.Ordinal);
        Assert.Matches(SummaryLine(), stdout);
    }

    [Fact]
    public void TheGeneratedProjects_ReferenceThePackagesOfThisVersion_FromTheFeedAndTheBuildsModel()
    {
        Assert.True(_build.Result.ExitCode == 0, _build.Result.Stdout + _build.Result.Stderr);
        string consume = Path.Combine(_build.Folder, "consume");
        var files = Directory.GetFiles(consume, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(consume, f).Replace('\\', '/')).Order().ToList();
        Assert.Equal(["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "NuGet.config", "README.md",
            "mlnet/NeuralMathPredict.csproj", "mlnet/Program.cs", "onnx/NeuralMathPredictOnnx.csproj", "onnx/Program.cs"], files);
        foreach (var file in files) Assert.DoesNotContain("{{", File.ReadAllText(Path.Combine(consume, file)), StringComparison.Ordinal);

        string version = Regex.Match(File.ReadAllText(Path.Combine(Repository.Root, "Directory.Build.props")), "<Version>([^<]+)</Version>").Groups[1].Value;
        Assert.Contains($"<PackageReference Include=\"NeuralMath.MLNet\" Version=\"{version}\" />", File.ReadAllText(Path.Combine(consume, "mlnet", "NeuralMathPredict.csproj")), StringComparison.Ordinal);
        Assert.Contains($"<PackageReference Include=\"NeuralMath.Onnx\" Version=\"{version}\" />", File.ReadAllText(Path.Combine(consume, "onnx", "NeuralMathPredictOnnx.csproj")), StringComparison.Ordinal);
        // The feed, written relative to NuGet.config, is the --feed folder; the projects' model paths reach the build's files.
        string feed = Regex.Match(File.ReadAllText(Path.Combine(consume, "NuGet.config")), "key=\"neuralmath\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.Equal(Path.GetFullPath(_build.Feed), Path.GetFullPath(Path.Combine(consume, feed)));
        Assert.True(File.Exists(Path.GetFullPath(Path.Combine(consume, "mlnet", "../../model.zip"))));
        Assert.True(File.Exists(Path.GetFullPath(Path.Combine(consume, "onnx", "../../onnx", "greedy.onnx"))));
        Assert.Contains("dotnet run -- ", File.ReadAllText(Path.Combine(consume, "README.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void ResumingAFinishedBuild_KeepsItsLeaderboard()
    {
        Assert.True(_build.Result.ExitCode == 0, _build.Result.Stdout + _build.Result.Stderr);
        string before = File.ReadAllText(Path.Combine(_build.Folder, "leaderboard.csv"));
        // Nothing is left to train (the best trial is at the space's step cap): the resume only evaluates and exports again.
        var (code, stdout, stderr) = CliRunner.Run(null, "build", "--resume", "--out", _build.Folder, "--threads", "1", "--progress", "plain", "--feed", _build.Feed);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("Resuming the build in", stdout, StringComparison.Ordinal);
        Assert.Equal(Columns(before), Columns(File.ReadAllText(Path.Combine(_build.Folder, "leaderboard.csv"))));

        // Minutes grow by the time a resume spends deciding; everything else must be the same.
        static IEnumerable<string> Columns(string csv) => csv.Split('\n').Select(line => string.Join(',', line.Split(',').Where((_, i) => i != 4)));
    }

    [Theory]
    [InlineData("error: build needs --problem, --max and --time")]
    [InlineData("--time '3x': write a duration", "--problem", "addition", "--max", "20", "--time", "3x")]
    [InlineData("--metric 'top5' is not one of top1, anyOfK, verified", "--problem", "addition", "--max", "20", "--time", "1m", "--metric", "top5")]
    [InlineData("--space: 'nowhere.json' does not exist", "--problem", "addition", "--max", "20", "--time", "1m", "--space", "nowhere.json")]
    [InlineData("modelDimm", "--problem", "addition", "--max", "20", "--time", "1m", "--set", "model.modelDimm=3")]
    [InlineData("not a known problem", "--problem", "subtraction", "--max", "20", "--time", "1m")]
    [InlineData("--resume: nothing to resume", "--resume", "--out", "OUT")]
    public void AMistake_IsOneLineWithExitCode2_AndWritesNothing(string expected, params string[] args)
    {
        string output = Path.Combine(_build.Root, "refused-" + Guid.NewGuid().ToString("N"));
        var arguments = args.Select(a => a == "OUT" ? output : a).ToList();
        if (!arguments.Contains("--out")) arguments.AddRange(["--out", output]);
        var (code, _, stderr) = CliRunner.Run(null, ["build", .. arguments]);
        Assert.Equal(2, code);
        TrainCommandTests.AssertOneLine(stderr);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output), $"{output} was created");
    }

    [Fact]
    public void AResumeThatWouldChangeTheSearch_IsRefused()
    {
        var (code, _, stderr) = CliRunner.Run(null, "build", "--resume", "--out", _build.Folder, "--seed", "5");
        Assert.Equal(2, code);
        TrainCommandTests.AssertOneLine(stderr);
        Assert.Contains("--resume continues the recorded build", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_NamesEveryOption()
    {
        var (code, stdout, _) = CliRunner.Run(null, "build", "--help");
        Assert.Equal(0, code);
        foreach (var option in new[] { "--problem", "--max", "--time", "--out", "--metric", "--space", "--seed", "--resume", "--set", "--threads", "--device", "--progress", "--feed" })
            Assert.Contains(option, stdout, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"Search \d+:\d\d of its 10:00 budget; then the winner's evaluation \d+ s and its export \d+ s")]
    private static partial Regex SummaryLine();
}
