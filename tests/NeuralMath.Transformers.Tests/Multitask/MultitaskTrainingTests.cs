using System.Text.Json.Nodes;
using NeuralMath.Artifacts;
using NeuralMath.Configuration;
using NeuralMath.Data;
using NeuralMath.Decoding;
using NeuralMath.Evaluation;
using NeuralMath.Problems;
using NeuralMath.Tests.Training;
using NeuralMath.Training;

namespace NeuralMath.Tests.Multitask;

/// <summary>
/// One model, two tasks that write the same sources but for the task token: addition on [0, 6] and addition mod 7. A
/// model that ignored the token could answer at most the pairs whose sum is below 7 in both; it learns both.
/// </summary>
[Collection(TorchRandomCollection.Name)]
public sealed class MultitaskTrainingTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nm-multi-" + Guid.NewGuid().ToString("N"));

    internal const string TwoTasks = """
        { "name": "multitask", "tasks": [
            { "name": "addition", "max": 6, "outOfSample": 1, "validationFraction": 0.1, "testFraction": 0.1 },
            { "name": "modadd", "modulus": 7, "outOfSample": 0, "validationFraction": 0.1, "testFraction": 0.1 } ] }
        """;

    internal static RunConfig Config(int steps, params string[] overrides) =>
        RunConfig.Parse(TrainerTests.TinyAddition(steps).ToJson(), [$"problem={TwoTasks.ReplaceLineEndings(" ")}", .. overrides]);

    [Fact]
    public void ATinyMultitaskRun_LearnsBothTasks_AndReportsEachTask()
    {
        var trainer = new Trainer(Config(400), _dir);
        var results = trainer.Run();

        using var model = ModelArtifact.Load(Path.Combine(_dir, "model.nmm"), "cpu");
        var problem = Assert.IsType<MultitaskProblem>(model.Problem);
        var seen = problem.SplitInputs(DataSplit.Train).ToArray();
        var predictions = new Predictor(problem, model.Tokenizer, new TorchStepDecoder(model.Model, model.Device)).Predict(seen, new BeamSearchOptions());
        foreach (var (task, own) in TaskPredictions.Split(problem, predictions))
        {
            double accuracy = own.Count(p => p.Beams[0].Verdict.Correct) / (double)own.Length;
            // Chance is about 1 in 7 (modadd) and 1 in 13 (addition); ignoring the token caps both near 57%.
            Assert.True(accuracy >= 0.9, $"{task.Name}: training-set accuracy {accuracy} over {own.Length} inputs");
        }

        // results.json: the pooled test figures and one block per task, each the task's own report.
        var test = results["test"]!.AsObject();
        var tasks = test["tasks"]!.AsObject();
        Assert.Equal(["addition", "modadd"], tasks.Select(t => t.Key));
        Assert.Equal((int)test["count"]!, tasks.Sum(t => (int)t.Value!["count"]!));
        Assert.Equal("modadd", (string)tasks["modadd"]!["problem"]!);
        Assert.NotNull(tasks["addition"]!["groups"]!["largerOperand"]);
        Assert.Equal(["addition"], results["oos"]!["tasks"]!.AsObject().Select(t => t.Key)); // modadd has outOfSample 0
        var last = JsonNode.Parse(File.ReadLines(Path.Combine(_dir, "metrics.jsonl")).Last())!;
        Assert.Equal(["addition", "modadd"], last["validationTop1ByTask"]!.AsObject().Select(t => t.Key));

        // The model file's manifest lists the tasks; the config in it rebuilds them.
        Assert.Equal(["<addition>", "<modadd>"], model.Tokenizer.Vocabulary.TaskTokens);
        Assert.Equal(2, model.Config.Problem.Tasks!.Count);
    }

    [Fact]
    public void ResumingAMultitaskRun_RepeatsTheUninterruptedLosses()
    {
        // Batches of 16 over about 80 training inputs: the interruption falls in the second epoch's mixed stream.
        string[] overrides = ["training.batchSize=16", "training.evalEvery=10"];
        var straight = new Trainer(Config(24, overrides), Path.Combine(_dir, "a"));
        straight.Run(finalEvaluation: false);
        using var cancel = new CancellationTokenSource();
        var first = new Trainer(Config(24, overrides), Path.Combine(_dir, "b"), new RecordingObserver(7, cancel.Cancel));
        first.Run(cancellation: cancel.Token, finalEvaluation: false);
        var second = new Trainer(Config(24, overrides), Path.Combine(_dir, "b"));
        second.Run(resume: true, finalEvaluation: false);
        var resumed = first.Losses.Concat(second.Losses).ToArray();
        Assert.Equal(straight.Losses.Count, resumed.Length);
        for (int i = 0; i < resumed.Length; i++) Assert.True(Math.Abs(straight.Losses[i] - resumed[i]) < 1e-6, $"step {i + 1}: {straight.Losses[i]} vs {resumed[i]}");
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
