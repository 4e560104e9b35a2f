using NeuralMath.Data;
using NeuralMath.Model;
using NeuralMath.Runtime;
using static TorchSharp.torch;

namespace NeuralMath.Tests.Model;

[Collection(TorchRandomCollection.Name)]
public class Seq2SeqModelTests
{
    public static TheoryData<string, PositionEncoding, NormPlacement, bool, bool> Variants => new()
    {
        { "relative-post-shared", PositionEncoding.Relative, NormPlacement.Post, true, true },
        { "relative-pre-separate", PositionEncoding.Relative, NormPlacement.Pre, false, false },
        { "sinusoidal-post", PositionEncoding.Sinusoidal, NormPlacement.Post, true, false },
        { "learned-pre-crosspos", PositionEncoding.Learned, NormPlacement.Pre, false, true },
    };

    internal static Seq2SeqModel TinyModel(PositionEncoding positions, NormPlacement norm, bool shared, bool crossPositions, int vocab = 14, long seed = 7)
    {
        TorchRuntime.EnsureLoaded();
        TorchRandom.Seed(seed);
        var model = new Seq2SeqModel(new ModelOptions
        {
            ModelDim = 32,
            Heads = 4,
            EncoderLayers = 2,
            DecoderLayers = 2,
            FeedForwardDim = 64,
            Dropout = 0.1,
            Positions = positions,
            Norm = norm,
            SharedEmbeddings = shared,
            CrossAttentionPositions = crossPositions,
            MaxPositions = 16,
        }, vocab);
        // Perturb every parameter so zero-initialised biases and norms are exercised too.
        using (no_grad())
            foreach (var p in model.parameters()) p.add_(randn_like(p) * 0.2);
        model.eval();
        return model;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void DecodingOneStepAtATime_EqualsTheTeacherForcedForward(string name, PositionEncoding positions, NormPlacement norm, bool shared, bool cross)
    {
        using var model = TinyModel(positions, norm, shared, cross);
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        int[][] sources = [[1, 5, 6, 3, 7, 2], [1, 9, 2]];
        int[][] targets = [[1, 4, 8, 3, 10, 11, 2], [1, 12, 13, 2, 0, 0, 0]];
        var src = Batching.PadRight(sources);
        var tgt = Batching.PadRight(targets);
        var full = model.forward(src, tgt.narrow(1, 0, 6));                // [2, 6, V]

        var (memory, mask) = model.Encode(src);
        using var state = model.StartDecoding(memory, mask);
        for (int t = 0; t < 6; t++)
        {
            var step = model.DecodeStep(state, tgt[TensorIndex.Colon, t]);  // [2, V]
            var expected = full[TensorIndex.Colon, t];
            double diff = (step - expected).abs().max().item<float>();
            Assert.True(diff < 1e-5, $"{name}: step {t} differs by {diff}");
        }
    }

    [Fact]
    public void Reordering_TheCache_FollowsTheRows()
    {
        using var model = TinyModel(PositionEncoding.Relative, NormPlacement.Post, true, true);
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var src = Batching.PadRight([[1, 5, 6, 2], [1, 7, 2]]);
        var (memory, mask) = model.Encode(src);
        using var state = model.StartDecoding(memory, mask);
        model.DecodeStep(state, tensor(new long[] { 1, 1 }));
        var before = model.DecodeStep(state, tensor(new long[] { 4, 9 }));
        // Swap rows and duplicate one: the next step must match a decoder that saw the rows in that order.
        state.Reorder([1, 0, 1], inputsUnchanged: false);
        var after = model.DecodeStep(state, tensor(new long[] { 3, 3, 3 }));

        var src2 = Batching.PadRight([[1, 7, 2], [1, 5, 6, 2], [1, 7, 2]]);
        var (memory2, mask2) = model.Encode(src2);
        using var state2 = model.StartDecoding(memory2, mask2);
        model.DecodeStep(state2, tensor(new long[] { 1, 1, 1 }));
        model.DecodeStep(state2, tensor(new long[] { 9, 4, 9 }));
        var reference = model.DecodeStep(state2, tensor(new long[] { 3, 3, 3 }));
        Assert.True((after - reference).abs().max().item<float>() < 1e-5);
        Assert.Equal(2, before.shape[0]);
    }

    [Fact]
    public void ReorderingWithinEachInput_KeepsTheMemoryAndStillFollowsTheRows()
    {
        using var model = TinyModel(PositionEncoding.Relative, NormPlacement.Pre, true, true);
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var (memory, mask) = model.Encode(Batching.PadRight([[1, 5, 6, 2], [1, 7, 2]]));
        using var state = model.StartDecoding(memory, mask);
        model.DecodeStep(state, tensor(new long[] { 1, 1 }));
        state.Reorder([0, 0, 1, 1], inputsUnchanged: false);          // two beams per input
        model.DecodeStep(state, tensor(new long[] { 4, 9, 3, 8 }));
        state.Reorder([1, 0, 3, 2], inputsUnchanged: true);           // beams swap, inputs stay
        var after = model.DecodeStep(state, tensor(new long[] { 5, 5, 5, 5 }));

        var (memory2, mask2) = model.Encode(Batching.PadRight([[1, 5, 6, 2], [1, 5, 6, 2], [1, 7, 2], [1, 7, 2]]));
        using var fresh = model.StartDecoding(memory2, mask2);
        model.DecodeStep(fresh, tensor(new long[] { 1, 1, 1, 1 }));
        model.DecodeStep(fresh, tensor(new long[] { 9, 4, 8, 3 }));
        var reference = model.DecodeStep(fresh, tensor(new long[] { 5, 5, 5, 5 }));
        Assert.True((after - reference).abs().max().item<float>() < 1e-5);
    }

    [Fact]
    public void TooLongInputs_AreRejectedWithAClearMessage()
    {
        using var model = TinyModel(PositionEncoding.Relative, NormPlacement.Post, true, true);
        var src = Batching.PadRight([Enumerable.Repeat(5, 17).ToArray()]);
        var e = Assert.Throws<ArgumentException>(() => model.Encode(src));
        Assert.Contains("at most 16", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WeightDecayGroups_ExcludeNormsBiasesAndEmbeddings()
    {
        using var model = TinyModel(PositionEncoding.Relative, NormPlacement.Pre, false, true);
        var (decay, noDecay) = model.ParameterGroups();
        Assert.Equal(model.parameters().Count(), decay.Count + noDecay.Count);
        Assert.All(decay, p => Assert.Equal(2, p.dim()));
        var names = model.named_parameters().ToDictionary(x => x.parameter.Handle, x => x.name);
        Assert.All(decay, p => Assert.DoesNotContain("embed", names[p.Handle], StringComparison.Ordinal));
        Assert.Contains(noDecay, p => names[p.Handle].Contains("norm", StringComparison.Ordinal));
    }
}
