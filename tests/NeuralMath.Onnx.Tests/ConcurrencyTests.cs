using NeuralMath.Decoding;

namespace NeuralMath.Onnx.Tests;

/// <summary>One loaded model serves many threads: shared sessions, per-call caches.</summary>
[Collection(ExportedModelsCollection.Name)]
public sealed class ConcurrencyTests(ExportedModels models)
{
    [Fact]
    public void PredictionsFromEightThreads_EqualSequentialOnes()
    {
        var onnx = models.Trained.Onnx;
        var predictor = onnx.CreatePredictor();
        var inputs = ExportedModels.AdditionInputs(12);
        var options = new BeamSearchOptions { Beams = 3 };
        var sequential = inputs.Select(i => Describe(predictor.Predict([i], options)[0])).ToArray();

        var parallel = new string[inputs.Length];
        var greedy = new int[inputs.Length][];
        var sources = ParityTests.Sources(models.Trained, inputs.Length);
        using var start = new Barrier(8);
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = t; i < inputs.Length; i += 8)
            {
                parallel[i] = Describe(predictor.Predict([inputs[i]], options)[0]);
                greedy[i] = onnx.DecodeGreedy([sources[i]])[0];
            }
        })).ToArray();
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();

        Assert.Equal(sequential, parallel);
        var batchGreedy = onnx.DecodeGreedy(sources);
        for (int i = 0; i < inputs.Length; i++) Assert.Equal(batchGreedy[i], greedy[i]);
    }

    private static string Describe(Evaluation.Prediction p) =>
        string.Join(" | ", p.Beams.Select(b => $"{string.Join(' ', b.Hypothesis.Tokens)} {b.Hypothesis.LogProbability:F5}"));
}
