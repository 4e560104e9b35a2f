using NeuralMath.Decoding;
using NeuralMath.Evaluation;
using static TorchSharp.torch;

namespace NeuralMath.Onnx.Tests;

/// <summary>The one BeamSearch and the one Predictor give the same answers over ONNX Runtime as over TorchSharp.</summary>
[Collection(ExportedModelsCollection.Name)]
public sealed class BeamSearchParityTests(ExportedModels models)
{
    [Fact]
    public void TrainedModel_NBestLists_AreTheSame_OnAFewHundredInputs()
    {
        var pair = models.Trained;
        var inputs = ExportedModels.AdditionInputs(17);                  // 289 inputs, in range and past it
        var options = new BeamSearchOptions { Beams = 4 };
        var torch = new Predictor(pair.Onnx.Problem, pair.Onnx.Tokenizer, new TorchStepDecoder(pair.Torch, CPU)).Predict(inputs, options);
        var onnx = pair.Onnx.CreatePredictor().Predict(inputs, options);
        double worst = 0;
        int correct = 0;
        for (int i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(Describe(torch[i]), Describe(onnx[i]));
            for (int b = 0; b < torch[i].Beams.Count; b++)
                worst = Math.Max(worst, Math.Abs(torch[i].Beams[b].Hypothesis.LogProbability - onnx[i].Beams[b].Hypothesis.LogProbability));
            if (onnx[i].Beams[0].Verdict.Correct) correct++;
        }
        Assert.True(worst < 1e-4, $"log-probabilities differ by up to {worst}");
        Assert.True(correct >= 90, $"the trained model got only {correct} of {inputs.Length} right: is it trained?");
        TestContext.Current.SendDiagnosticMessage($"beam 4 over {inputs.Length} inputs: identical n-best; max |log p diff| {worst:G3}; top-1 correct {correct}");
    }

    [Theory]
    [InlineData("relative-cross-pre-shared")]
    [InlineData("sinusoidal-post-separate-scaled")]
    [InlineData("learned-cross-pre-separate")]
    [InlineData("perNumber-lsb-pre-shared")]
    [InlineData("perNumber-msb-cross-post-separate")]
    public void Variant_NBestLists_AreTheSame(string name)
    {
        var pair = models[name];
        var sources = ParityTests.Sources(pair, 60);
        var options = new BeamSearchOptions { Beams = 3 };
        var torch = BeamSearch.Run(new TorchStepDecoder(pair.Torch, CPU), sources, options);
        var onnx = BeamSearch.Run(pair.Onnx.StepDecoder, sources, options);
        for (int i = 0; i < sources.Length; i++)
            Assert.Equal(torch[i].Select(h => string.Join(' ', h.Tokens)), onnx[i].Select(h => string.Join(' ', h.Tokens)));
    }

    [Theory]
    [InlineData("trained")]
    [InlineData("perNumber-lsb-pre-shared")]
    public void TheCudaCodePath_CachesBoundToDeviceMemory_DecodesExactlyLikeTheDefaultOnTheCpu(string name)
    {
        // The GPU keeps its caches (and the per-number digit runs) in bound device memory; here the same binding code runs with host memory.
        var pair = name == "trained" ? models.Trained : models[name];
        using var bound = OnnxModel.Load(pair.ExportDirectory, new OnnxModelOptions { BindCachesOnCpu = true });
        var inputs = ExportedModels.AdditionInputs(17);
        var options = new BeamSearchOptions { Beams = 4 };
        var expected = pair.Onnx.CreatePredictor().Predict(inputs, options);
        var actual = bound.CreatePredictor().Predict(inputs, options);
        for (int i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(Describe(expected[i]), Describe(actual[i]));
            for (int b = 0; b < expected[i].Beams.Count; b++)
                Assert.Equal(expected[i].Beams[b].Hypothesis.LogProbability, actual[i].Beams[b].Hypothesis.LogProbability, 1e-9);
        }
        Assert.Equal("CPU", bound.ExecutionProvider);
    }

    private static string Describe(Prediction p) =>
        string.Join(" | ", p.Beams.Select(b => $"{string.Join(' ', b.Hypothesis.Tokens)} {b.Verdict.Correct}"));
}
