using System.Text.Json.Nodes;
using NeuralMath.Artifacts;
using NeuralMath.Configuration;
using NeuralMath.Data;
using NeuralMath.Decoding;
using NeuralMath.Evaluation;
using NeuralMath.Training;

namespace NeuralMath.Tests.Training;

[Collection(TorchRandomCollection.Name)]
public sealed class TrainerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nm-train-" + Guid.NewGuid().ToString("N"));

    /// <summary>Addition of single digits (121 pairs): small enough to learn in seconds.</summary>
    internal static RunConfig TinyAddition(int steps, double dropout = 0.0) => RunConfig.Parse("""
        {
          "problem": { "name": "addition", "max": 10, "outOfSample": 2, "validationFraction": 0.1, "testFraction": 0.1 },
          "tokenizer": { "base": 10 },
          "model": { "modelDim": 64, "heads": 4, "encoderLayers": 2, "decoderLayers": 2, "feedForwardDim": 128, "norm": "pre", "maxPositions": 12 },
          "training": { "steps": 0, "batchSize": 32, "learningRate": 0.003, "warmupSteps": 20, "evalEvery": 100, "checkpointEvery": 10, "validationSamples": 0, "seed": 3, "threads": 1 },
          "evaluation": { "beams": 2 }
        }
        """, [$"training.steps={steps}", $"model.dropout={dropout.ToString(System.Globalization.CultureInfo.InvariantCulture)}"]);

    [Fact]
    public void AShortRealRun_LearnsTinyAddition_AndWritesTheRunFolder()
    {
        var trainer = new Trainer(WithOverrides(TinyAddition(300), ["training.trainSamples=40"]), _dir);
        var results = trainer.Run();
        Assert.True(trainer.Losses[^1] < trainer.Losses[0] / 10, $"loss {trainer.Losses[0]} -> {trainer.Losses[^1]}");
        foreach (var f in new[] { "config.json", "checkpoint.nmm", "model.nmm", "metrics.jsonl", "results.json" })
            Assert.True(File.Exists(Path.Combine(_dir, f)), f);
        Assert.NotNull(results["environment"]?["cpu"]);
        using var model = ModelArtifact.Load(Path.Combine(_dir, "model.nmm"), "cpu");
        Assert.Equal("addition", model.Problem.Name);
        // It has learned the sums it was trained on (121 pairs are too few to expect much beyond them).
        var config = model.Config;
        var seen = ProblemData.Inputs(model.Problem, config.Problem.Max, new SplitRule(config.Problem.SplitSeed, config.Problem.ValidationFraction, config.Problem.TestFraction), DataSplit.Train, 0).ToArray();
        var predictions = new Predictor(model.Problem, model.Tokenizer, new TorchStepDecoder(model.Model, model.Device)).Predict(seen, new BeamSearchOptions());
        double accuracy = predictions.Count(p => p.Beams[0].Verdict.Correct) / (double)seen.Length;
        Assert.True(accuracy >= 0.95, $"training-set accuracy {accuracy}; test {results["test"]!["top1Accuracy"]}");
        // The metrics log measured the same on its fixed sample of 40 training inputs (training.trainSamples).
        var last = System.Text.Json.Nodes.JsonNode.Parse(File.ReadLines(Path.Combine(_dir, "metrics.jsonl")).Last())!;
        Assert.Equal(40, (int)last["trainCount"]!);
        Assert.True((double)last["trainTop1"]! >= 0.9, $"logged training-set top-1 {last["trainTop1"]}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ResumingAfterAnInterruption_RepeatsTheUninterruptedLossesAndMetricsLog(bool perNumberPositions)
    {
        // Dropout on, so the per-step re-seeding is exercised too (and, with per-number positions, the random position
        // offsets drawn like dropout); evaluations every 10 steps, so the interruption at step 17 falls inside an
        // evaluation interval (the running loss average must survive it).
        string[] overrides = ["training.evalEvery=10", "training.validationBeams=2",
            .. perNumberPositions ? ["model.positions=perNumber", "model.maxPositionOffset=5", "tokenizer.digitOrder=leastSignificantFirst"] : Array.Empty<string>()];
        var straight = new Trainer(WithOverrides(TinyAddition(40, dropout: 0.1), overrides), Path.Combine(_dir, "a"));
        straight.Run(finalEvaluation: false);

        using var cancel = new CancellationTokenSource();
        var first = new Trainer(WithOverrides(TinyAddition(40, dropout: 0.1), overrides), Path.Combine(_dir, "b"), new CancelAt(17, cancel));
        var stopped = first.Run(cancellation: cancel.Token, finalEvaluation: false);
        Assert.Equal(17, (int)stopped["step"]!);
        // A process killed after logging an evaluation but before its checkpoint leaves a line the resumed run logs again.
        File.AppendAllText(Path.Combine(_dir, "b", "metrics.jsonl"), """{"step":20,"trainLoss":9}""" + "\n");
        var second = new Trainer(WithOverrides(TinyAddition(40, dropout: 0.1), overrides), Path.Combine(_dir, "b"));
        second.Run(resume: true, finalEvaluation: false);

        var resumed = first.Losses.Concat(second.Losses).ToArray();
        Assert.Equal(straight.Losses.Count, resumed.Length);
        for (int i = 0; i < resumed.Length; i++) Assert.True(Math.Abs(straight.Losses[i] - resumed[i]) < 1e-6, $"step {i + 1}: {straight.Losses[i]} vs {resumed[i]}");

        var expected = MetricsWithoutClocks(Path.Combine(_dir, "a"));
        var actual = MetricsWithoutClocks(Path.Combine(_dir, "b"));
        Assert.Equal(4, expected.Length);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void ABestModelSavedAfterTheCheckpoint_IsReplacedByTheResumedRun()
    {
        // A hard kill after an evaluation saved model.nmm (step 65) but before the next checkpoint (step 60); the resume
        // then runs those steps differently (a learning rate that wrecks the model), so they never beat the checkpoint's
        // best. Results must still name the step of the model on disk, and that model must be the resumed run's.
        string[] o = ["training.evalEvery=5", "training.checkpointEvery=10"];
        new Trainer(WithOverrides(TinyAddition(60), o), _dir).Run(finalEvaluation: false);
        string modelPath = Path.Combine(_dir, "model.nmm");
        using (var best = ModelArtifact.Load(modelPath, "cpu"))
            ModelArtifact.Save(modelPath, best.Config, best.Model, new JsonObject { ["step"] = 65, ["bestStep"] = 65, ["fromTheKilledProcess"] = true });
        var messages = new List<string>();
        var results = new Trainer(WithOverrides(TinyAddition(70), [.. o, "training.learningRate=0.5", "training.maxLoss=1e9"]), _dir, new Messages(messages))
            .Run(resume: true, finalEvaluation: false);
        Assert.Contains(messages, m => m.Contains("is from step 65, after the checkpoint's step 60", StringComparison.Ordinal));
        using var onDisk = ModelArtifact.Load(modelPath, "cpu");
        Assert.Null(onDisk.Metadata["fromTheKilledProcess"]);
        Assert.Equal((int)results["bestStep"]!, (int)onDisk.Metadata["step"]!);
        Assert.InRange((int)results["bestStep"]!, 61, 70);
    }

    [Fact]
    public void ARunWithoutAFolder_WritesNothing_KeepsItsBestModelInMemory_AndCannotResume()
    {
        var observer = new RecordingObserver();
        var trainer = new Trainer(WithOverrides(TinyAddition(60), ["training.evalEvery=20"]), runDirectory: null, observer);
        var results = trainer.Run();

        Assert.Equal(3, observer.Evaluations.Count); // metrics reach the observer only
        Assert.NotNull(results["test"]?["top1Accuracy"]);
        using var best = trainer.LoadBest("cpu");
        Assert.Equal((int)results["bestStep"]!, (int)best.Metadata["step"]!);
        Assert.Throws<InvalidOperationException>(() => trainer.ModelPath);
        var error = Assert.Throws<InvalidOperationException>(() => new Trainer(TinyAddition(60), runDirectory: null).Run(resume: true));
        Assert.Contains("no checkpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheMetricsLog_CountsExamplesAndTokens_AndKeepsValidationOutOfTrainingTime()
    {
        new Trainer(WithOverrides(TinyAddition(20), ["training.evalEvery=10", "training.validationBeams=2"]), _dir).Run(finalEvaluation: false);
        var rows = File.ReadAllLines(Path.Combine(_dir, "metrics.jsonl")).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        Assert.Equal([10, 20], rows.Select(r => (int)r["step"]!));
        // The batches the trainer draws: seeded by (seed, epoch), so the count is exact.
        var config = TinyAddition(20);
        var problem = config.CreateProblem();
        var rule = new SplitRule(config.Problem.SplitSeed, config.Problem.ValidationFraction, config.Problem.TestFraction);
        var train = EncodedDataset.Build(problem, config.CreateTokenizer(problem), ProblemData.Inputs(problem, config.Problem.Max, rule, DataSplit.Train, 0));
        var batcher = new LengthBucketBatcher(train.Sources.Select(x => x.Length).ToArray(), train.Targets.Select(x => x.Length).ToArray(), 32, (ulong)config.Training.Seed);
        long Examples(int steps) => Enumerable.Range(0, steps).Sum(i => (long)batcher.Epoch(i / batcher.BatchesPerEpoch)[i % batcher.BatchesPerEpoch].Length);
        Assert.Equal(Examples(10), (long)rows[0]["examplesSeen"]!);
        Assert.Equal(Examples(20), (long)rows[1]["examplesSeen"]!);
        Assert.True((long)rows[1]["targetTokensSeen"]! > (long)rows[0]["targetTokensSeen"]!);
        foreach (var r in rows)
        {
            Assert.True((double)r["validationSeconds"]! > 0);
            Assert.InRange((double)r["validationAnyOfK"]!, (double)r["validationTop1"]!, 1.0);
        }
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, "results.json")))!;
        Assert.Equal((double)rows[1]["trainingSeconds"]!, (double)results["trainingSeconds"]!, 1e-9);
        Assert.True((double)results["wallSeconds"]! >= (double)results["trainingSeconds"]! + (double)results["validationSeconds"]!);
    }

    private static RunConfig WithOverrides(RunConfig config, string[] overrides) => RunConfig.Parse(config.ToJson(), overrides);

    // Metrics lines with the fields that depend on the machine's speed or memory removed.
    private static string[] MetricsWithoutClocks(string runFolder) =>
        File.ReadAllLines(Path.Combine(runFolder, "metrics.jsonl")).Select(line =>
        {
            var row = JsonNode.Parse(line)!.AsObject();
            foreach (var clock in new[] { "trainingSeconds", "validationSeconds", "residentMegabytes" }) row.Remove(clock);
            return row.ToJsonString();
        }).ToArray();

    [Fact]
    public void ANewRun_RefusesAFolderThatHoldsOne()
    {
        new Trainer(TinyAddition(10), _dir).Run(finalEvaluation: false);
        var e = Assert.Throws<InvalidOperationException>(() => new Trainer(TinyAddition(10), _dir).Run(finalEvaluation: false));
        Assert.Contains("--resume", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASettingTheDataRefuses_NamesIt_AndLeavesNoRunFolder()
    {
        // Addition in [0, 10] needs "[SOS] 1 0 + 1 0 [EOS]": 7 source positions.
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(WithOverrides(TinyAddition(5), ["model.maxPositions=5"]), _dir).Run());
        Assert.Contains("model.maxPositions", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir));
    }

    [Fact]
    public void AnExplodingLoss_StopsWithAClearMessage()
    {
        var config = TinyAddition(50);
        config.Training.MaxLoss = 1e-9; // any real loss is "exploding"
        var e = Assert.Throws<TrainingDivergedException>(() => new Trainer(config, _dir).Run());
        Assert.Contains("diverged at step 1", e.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private sealed class Messages(List<string> messages) : ITrainingObserver
    {
        public void Started(int firstStep, int totalSteps, string summary) { }

        public void Stepped(int s, int totalSteps, double loss, double learningRate, double tokensPerSecond) { }

        public void Evaluated(JsonObject record) { }

        public void Message(string text) => messages.Add(text);
    }

    private sealed class CancelAt(int step, CancellationTokenSource source) : ITrainingObserver
    {
        public void Started(int firstStep, int totalSteps, string summary) { }

        public void Stepped(int s, int totalSteps, double loss, double learningRate, double tokensPerSecond)
        {
            if (s == step) source.Cancel();
        }

        public void Evaluated(JsonObject record) { }

        public void Message(string text) { }
    }
}
