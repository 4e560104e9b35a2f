using NeuralMath.Model;
using NeuralMath.Runtime;
using NeuralMath.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralMath.Tests.Training;

/// <summary>StableAdamW must be TorchSharp's AdamW to the bit, only without its finalizer race.</summary>
[Collection(TorchRandomCollection.Name)]
public sealed class StableAdamWTests
{
    [Fact]
    public void UpdatesEqualTorchSharpsAdamW_AndTheSavedStateReadsBackInEither()
    {
        TorchRuntime.EnsureLoaded();
        var options = new ModelOptions { ModelDim = 16, Heads = 2, EncoderLayers = 1, DecoderLayers = 1, FeedForwardDim = 32, Dropout = 0, MaxPositions = 8 };
        TorchRandom.Seed(5);
        using var a = new Seq2SeqModel(options, 12);
        using var b = new Seq2SeqModel(options, 12);
        using (no_grad()) foreach (var (name, p) in a.named_parameters()) b.get_parameter(name)!.copy_(p);

        using var stable = Optimizer(a, stableStep: true);
        using var reference = Optimizer(b, stableStep: false);
        using var source = tensor(new long[,] { { 1, 4, 5, 2 }, { 1, 6, 7, 2 } });
        using var target = tensor(new long[,] { { 1, 8, 9 }, { 1, 10, 11 } });
        for (int step = 0; step < 5; step++)
        {
            foreach (var (model, optimizer) in new[] { (a, (OptimizerHelper)stable), (b, reference) })
            {
                optimizer.zero_grad();
                using var loss = model.forward(source, target).pow(2).mean();
                loss.backward();
                optimizer.step();
            }
        }
        foreach (var (name, p) in a.named_parameters())
            Assert.True(p.allclose(b.get_parameter(name)!, rtol: 0, atol: 0), $"{name} differs after 5 steps");

        // The saved state is TorchSharp's format: written by one, read by the other.
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) stable.save_state_dict(writer);
        buffer.Position = 0;
        using (var reader = new BinaryReader(buffer)) reference.load_state_dict(reader);
    }

    private static OptimizerHelper Optimizer(Seq2SeqModel model, bool stableStep)
    {
        var (decay, noDecay) = model.ParameterGroups();
        AdamW.ParamGroup[] groups = [new(decay, 1e-2, 0.9, 0.98, 1e-8, 0.1, false, false), new(noDecay, 1e-2, 0.9, 0.98, 1e-8, 0.0, false, false)];
        return stableStep ? StableAdamW.Create(groups, 1e-2) : optim.AdamW(groups, 1e-2);
    }
}
