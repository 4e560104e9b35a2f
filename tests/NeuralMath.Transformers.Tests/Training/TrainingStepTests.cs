using NeuralMath.Configuration;
using NeuralMath.Model;
using NeuralMath.Runtime;
using NeuralMath.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralMath.Tests.Training;

[Collection(TorchRandomCollection.Name)]
public sealed class TrainingStepTests
{
    // With a zero gradient AdamW's step is decay alone: every decayed parameter shrinks by exactly (1 − lr · wd).
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WeightDecay_ReachesNormsAndEmbeddingsOnlyWithDecayAllParameters(bool decayAll)
    {
        TorchRuntime.EnsureLoaded();
        TorchRandom.Seed(3);
        using var model = new Seq2SeqModel(new ModelOptions
        {
            ModelDim = 16,
            Heads = 2,
            EncoderLayers = 1,
            DecoderLayers = 1,
            FeedForwardDim = 32,
            Dropout = 0,
            MaxPositions = 8,
        }, 12);
        var before = model.named_parameters().ToDictionary(x => x.name, x => x.parameter.detach().clone());
        using var optimizer = TrainingStep.CreateOptimizer(model, new TrainingOptions { LearningRate = 0.1, WeightDecay = 0.5, DecayAllParameters = decayAll });
        optimizer.zero_grad();
        using (var source = tensor(new long[,] { { 1, 4, 5, 2 } }))
        using (var target = tensor(new long[,] { { 1, 6, 7 } }))
        using (var zero = 0.0.ToScalar())
            model.forward(source, target).sum().mul(zero).backward();
        optimizer.step();

        var (matrices, _) = model.ParameterGroups();
        var decayedByDefault = matrices.Select(p => p.Handle).ToHashSet();
        foreach (var (name, p) in model.named_parameters())
        {
            bool decayed = decayAll || decayedByDefault.Contains(p.Handle);
            using var expected = decayed ? before[name].mul(0.95) : before[name];
            Assert.True(p.allclose(expected, rtol: 1e-6, atol: 1e-7), $"{name} {(decayed ? "should" : "should not")} have decayed");
        }
        Assert.Contains(model.named_parameters(), x => x.name.Contains("norm", StringComparison.Ordinal) && !decayedByDefault.Contains(x.parameter.Handle));
        foreach (var t in before.Values) t.Dispose();
    }
}
