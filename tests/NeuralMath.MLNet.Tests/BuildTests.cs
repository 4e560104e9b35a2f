using Microsoft.ML;
using Microsoft.ML.Runtime;
using NeuralMath.Configuration;
using NeuralMath.Search;

namespace NeuralMath.MLNet.Tests;

/// <summary>
/// <c>mlContext.NeuralMath().Build(...)</c>: the CLI's search from code, on a tiny space capped at a few dozen steps, so a
/// real build (three trials, the best two continued) ends in seconds. The space leaves training.threads alone: the trainer
/// sets torch's thread count for the whole process, and the cross-process save/load test compares bits with a child
/// process that runs on the default.
/// </summary>
public sealed class BuildTests : IDisposable
{
    private const string TinySpace = """
        { "start": { "model": { "modelDim": 16, "heads": 2, "encoderLayers": 1, "decoderLayers": 1, "feedForwardDim": 32 },
                     "training": { "batchSize": 32, "warmupSteps": 5, "validationSamples": 50 } },
          "dimensions": { "width": [16, 32], "learningRate": [0.002, 0.003], "base": null, "layers": null, "feedForward": null, "heads": null,
                          "positions": null, "norm": null, "warmup": null, "batchSize": null, "dropout": null },
          "schedule": { "minSteps": 10, "eta": 2, "minTrials": 3, "maxTrials": 3, "maxSteps": 20 } }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("nm-mlnet-build-").FullName;

    private static BuildOptions Tiny(string? folder)
    {
        var problem = new ProblemOptions { Name = "addition", Max = 12, OutOfSample = 3 };
        return new BuildOptions
        {
            Problem = problem,
            Budget = TimeSpan.FromMinutes(10),
            Space = SearchSpace.For(problem).Override(TinySpace, "tiny space"),
            OutputDirectory = folder,
            Device = "cpu",
        };
    }

    [Fact]
    public void Build_ReturnsTheLeaderboardAndAFittedWinner_ThatSavesAndLoadsLikeAnyModel_AndLogsToTheContext()
    {
        var mlContext = new MLContext(seed: 0);
        var log = new List<string>();
        mlContext.Log += (_, e) => { if (e.Kind == ChannelMessageKind.Info && e.Source.StartsWith("NeuralMathBuild", StringComparison.Ordinal)) log.Add(e.Message); };
        var temporaryBefore = BuildFolders();

        var result = mlContext.NeuralMath().Build(Tiny(null));
        using var model = result.Model;

        Assert.Equal(3, result.Leaderboard.Count);
        Assert.Equal(Enumerable.Range(1, 3), result.Leaderboard.Select(r => r.Rank));
        Assert.Equal(result.Winner.Id, result.Leaderboard[0].Trial);
        Assert.Equal(TrialStatus.Winner, result.Leaderboard[0].Status);
        Assert.NotNull(result.TestMetrics);
        Assert.Equal(result.Details.Test!.Top1Accuracy, result.TestMetrics!.Top1Accuracy);
        Assert.True(log.Any(line => line.Contains("] trial 1 ((start)): step 10", StringComparison.Ordinal)), string.Join("\n", log));
        Assert.Contains(log, line => line.Contains("] Winner: trial ", StringComparison.Ordinal));
        // Without a build folder the build works in a temporary one and removes it.
        Assert.Equal(temporaryBefore, BuildFolders());

        string zip = Path.Combine(_dir, "model.zip");
        mlContext.Model.Save(model, result.InputSchema, zip);
        var fresh = new MLContext(seed: 0);
        var loaded = fresh.Model.Load(zip, out _);
        var inputs = new[] { "3+4", "12+0", "7+x" };
        using var original = mlContext.Model.CreatePredictionEngine<InputRow, OutputRow>(model, new PredictionEngineOptions { OwnsTransformer = false });
        using var reloaded = fresh.Model.CreatePredictionEngine<InputRow, OutputRow>(loaded);
        foreach (var input in inputs)
            Assert.Equal(original.Predict(new InputRow { Input = input }).ToLine(), reloaded.Predict(new InputRow { Input = input }).ToLine());
    }

    [Fact]
    public void ACancelledBuild_ThrowsOperationCanceled_AndLeavesAResumableRecord()
    {
        string folder = Path.Combine(_dir, "b");
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => new MLContext(seed: 0).NeuralMath().Build(Tiny(folder), cancellationToken: cancel.Token));
        Assert.Equal("stopped", BuildRecord.Load(folder).State);

        var resumed = Tiny(folder);
        resumed.Resume = true;
        var result = new MLContext(seed: 0).NeuralMath().Build(resumed);
        using var model = result.Model;
        Assert.Equal(3, result.Leaderboard.Count);
        Assert.Equal("done", BuildRecord.Load(folder).State);
    }

    private static string[] BuildFolders() => [.. Directory.GetDirectories(Path.GetTempPath(), "neuralmath-build-*").Order()];

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
