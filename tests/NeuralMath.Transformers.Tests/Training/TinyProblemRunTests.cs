using NeuralMath.Artifacts;
using NeuralMath.Configuration;
using NeuralMath.Data;
using NeuralMath.Decoding;
using NeuralMath.Evaluation;
using NeuralMath.Tests.Cli;
using NeuralMath.Training;

namespace NeuralMath.Tests.Training;

/// <summary>
/// Every new problem trains for real: a tiny range (about a hundred inputs), the TinyAddition model, a few seconds, and
/// the model answers the inputs it trained on. The whole path runs: config, sampling, split, encoding, training,
/// checkpoint, model file, beam search and the exact check.
/// </summary>
[Collection(TorchRandomCollection.Name)]
public sealed class TinyProblemRunTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nm-tiny-" + Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData("""{ "name": "multiplication", "max": 9, "outOfSample": 1 }""", 300)]
    [InlineData("""{ "name": "gcd", "max": 11, "outOfSample": 1 }""", 300)]
    [InlineData("""{ "name": "gcd", "max": 11, "outOfSample": 1, "distribution": "balanced", "samples": 400 }""", 300)]
    [InlineData("""{ "name": "modadd", "modulus": 11, "outOfSample": 0 }""", 300)]
    [InlineData("""{ "name": "modmul", "modulus": 11, "outOfSample": 0 }""", 300)]
    [InlineData("""{ "name": "residues", "max": 100, "modulus": 5, "outOfSample": 1 }""", 400)]
    public void ATinyRun_LearnsTheInputsItTrainedOn(string problem, int steps)
    {
        var config = RunConfig.Parse(TrainerTests.TinyAddition(steps).ToJson(), []);
        var json = RunConfig.Parse($$"""{ "problem": {{problem}} }""").Problem;
        json.ValidationFraction = json.TestFraction = 0.1;
        config.Problem = json;
        config.Validate();
        var trainer = new Trainer(config, _dir);
        trainer.Run(finalEvaluation: false);
        Assert.True(trainer.Losses[^1] < trainer.Losses[0] / 5, $"loss {trainer.Losses[0]} -> {trainer.Losses[^1]}");

        using var model = ModelArtifact.Load(Path.Combine(_dir, "model.nmm"), "cpu");
        Assert.Equal(config.Problem.Name, model.Problem.Name);
        var p = model.Config.Problem;
        var seen = ProblemData.Inputs(model.Problem, p.Max, new SplitRule(p.SplitSeed, p.ValidationFraction, p.TestFraction), DataSplit.Train, 0)
            .DistinctBy(i => string.Join(",", i)).ToArray();
        var predictions = new Predictor(model.Problem, model.Tokenizer, new TorchStepDecoder(model.Model, model.Device)).Predict(seen, new BeamSearchOptions());
        double accuracy = predictions.Count(x => x.Beams[0].Verdict.Correct) / (double)seen.Length;
        Assert.True(accuracy >= 0.9, $"{config.Problem.Name}: training-set accuracy {accuracy} over {seen.Length} inputs");

        if (config.Problem.Name == "gcd")
        {
            // The class-stratified test set through the CLI: gcd classes from the test split, the learned ones listed.
            var (code, stdout, stderr) = CliRunner.Run(null, "eval", "--model", Path.Combine(_dir, "model.nmm"), "--split", "stratified", "--per-cell", "5");
            Assert.True(code == 0, stderr);
            Assert.Contains("gcd · stratified ·", stdout, StringComparison.Ordinal);
            Assert.Contains("learned gcd classes (top-1 ≥ 90%, ≥ 10 inputs):", stdout, StringComparison.Ordinal);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
