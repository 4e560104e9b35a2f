using NeuralMath.Data;
using NeuralMath.Model;
using NeuralMath.Runtime;
using NeuralMath.Tokenization;
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
        { "perNumber-pre", PositionEncoding.PerNumber, NormPlacement.Pre, true, false },
        { "perNumber-post-crosspos", PositionEncoding.PerNumber, NormPlacement.Post, false, true },
        { "perNumber-pre-noencoder-noselfattention", PositionEncoding.PerNumber, NormPlacement.Pre, true, false },
        { "relative-post-noencoder-noselfattention", PositionEncoding.Relative, NormPlacement.Post, true, true },
        { "perNumber-pre-noencoder-noselfattention-window", PositionEncoding.PerNumber, NormPlacement.Pre, true, false },
        { "perNumber-post-crosspos-window", PositionEncoding.PerNumber, NormPlacement.Post, false, true },
    };

    /// <summary>
    /// A tiny model over a vocabulary of <paramref name="vocab"/> tokens: [PAD] [SOS] [EOS] +, then digits from id 4
    /// (so per-number positions treat ids 4 and up as digits, in <paramref name="order"/>).
    /// </summary>
    internal static Seq2SeqModel TinyModel(PositionEncoding positions, NormPlacement norm, bool shared, bool crossPositions, int vocab = 14, long seed = 7,
        DigitOrder order = DigitOrder.MostSignificantFirst, int maxOffset = 0, bool encoder = true, bool decoderSelfAttention = true, int? window = null)
    {
        TorchRuntime.EnsureLoaded();
        TorchRandom.Seed(seed);
        var model = new Seq2SeqModel(new ModelOptions
        {
            ModelDim = 32,
            Heads = 4,
            EncoderLayers = encoder ? 2 : 0,
            DecoderLayers = 2,
            DecoderSelfAttention = decoderSelfAttention,
            CrossAttentionWindow = window,
            FeedForwardDim = 64,
            Dropout = 0.1,
            Positions = positions,
            Norm = norm,
            SharedEmbeddings = shared,
            CrossAttentionPositions = crossPositions,
            MaxPositions = 16,
            MaxPositionOffset = maxOffset,
        }, new MathTokenizer(vocab - 4, order, ["+"]));
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
        bool minimal = name.Contains("-noencoder-noselfattention", StringComparison.Ordinal);
        using var model = TinyModel(positions, norm, shared, cross, encoder: !minimal, decoderSelfAttention: !minimal,
            window: name.EndsWith("-window", StringComparison.Ordinal) ? 1 : null);
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        int[][] sources = [[1, 5, 6, 3, 7, 2], [1, 9, 2]];
        int[][] targets = [[1, 4, 8, 3, 10, 11, 2], [1, 12, 13, 2, 0, 0, 0]];
        var src = Batching.PadRight(sources);
        var tgt = Batching.PadRight(targets);
        var full = model.forward(src, tgt.narrow(1, 0, 6));                // [2, 6, V]

        var (memory, mask) = model.Encode(src);
        using var state = model.StartDecoding(memory, mask, src);
        for (int t = 0; t < 6; t++)
        {
            var step = model.DecodeStep(state, tgt[TensorIndex.Colon, t]);  // [2, V]
            var expected = full[TensorIndex.Colon, t];
            double diff = (step - expected).abs().max().item<float>();
            Assert.True(diff < 1e-5, $"{name}: step {t} differs by {diff}");
        }
    }

    [Theory]
    [InlineData(PositionEncoding.Relative)]
    [InlineData(PositionEncoding.PerNumber)]
    public void Reordering_TheCache_FollowsTheRows(PositionEncoding positions)
    {
        // Rows reach the reorder with different runs of digits (4 and 9 are digits, 3 is '+'), which must follow them.
        using var model = TinyModel(positions, NormPlacement.Post, true, true);
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

    /// <summary>
    /// The training offset: one draw per example from torch's generator, added to every digit position of its source
    /// and target; so a training-mode forward equals the evaluation-mode forward of a model whose table is read k rows on.
    /// </summary>
    [Fact]
    public void TheTrainingOffset_ShiftsEveryDigitPositionOfAnExample_ByItsOwnDraw()
    {
        using var model = TinyModel(PositionEncoding.PerNumber, NormPlacement.Pre, true, false, order: DigitOrder.LeastSignificantFirst, maxOffset: 5);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var src = Batching.PadRight([[1, 5, 6, 3, 7, 2], [1, 9, 3, 8, 8, 8, 2]]);
        var dec = Batching.PadRight([[1, 4, 8, 13], [1, 12, 13, 2]]);
        TorchRandom.Seed(11);
        var offsets = randint(6, [2], dtype: ScalarType.Int64).data<long>().ToArray();
        TorchRandom.Seed(11);
        model.train();
        foreach (var (_, child) in model.named_children()) child.eval();          // the model draws offsets; its layers' dropout stays off
        var trained = model.forward(src, dec);
        model.eval();
        Assert.True(offsets.Distinct().Count() > 1 || offsets[0] > 0, "pick a seed that draws a nonzero offset");
        var table = model.named_parameters().Single(p => p.name == "digit_positions.embed.weight").parameter;
        var original = table.clone();
        for (int row = 0; row < 2; row++)
        {
            // Row r of a shifted table is row r + k of the original (row 0, the non-digits, stays).
            long k = offsets[row], rows = table.shape[0];
            table.narrow(0, 1, rows - 1 - k).copy_(original.narrow(0, 1 + k, rows - 1 - k));
            var expected = model.forward(src.narrow(0, row, 1), dec.narrow(0, row, 1));
            table.copy_(original);
            double diff = (trained.narrow(0, row, 1) - expected).abs().max().item<float>();
            Assert.True(diff < 1e-5, $"example {row} (offset {k}) differs by {diff}");
        }
    }

    [Fact]
    public void PerNumberPositions_NeedTheTokenizer_AndTheirOptionsNeedThem()
    {
        TorchRuntime.EnsureLoaded();
        var e = Assert.Throws<ArgumentException>(() => new Seq2SeqModel(new ModelOptions { Positions = PositionEncoding.PerNumber }, 14));
        Assert.Contains("tokenizer", e.Message, StringComparison.Ordinal);
        var offset = Assert.Throws<ArgumentOutOfRangeException>(() => new ModelOptions { Positions = PositionEncoding.Relative, MaxPositionOffset = 3 }.Validate());
        Assert.Contains("model.maxPositionOffset needs model.positions = perNumber", offset.Message, StringComparison.Ordinal);
        var window = Assert.Throws<ArgumentOutOfRangeException>(() => new ModelOptions { Positions = PositionEncoding.Learned, CrossAttentionWindow = 1 }.Validate());
        Assert.Contains("model.crossAttentionWindow needs model.positions = perNumber", window.Message, StringComparison.Ordinal);
        using var noSource = TinyModel(PositionEncoding.PerNumber, NormPlacement.Pre, true, false, window: 1);
        var (memory, mask) = noSource.Encode(Batching.PadRight([[1, 5, 2]]));
        Assert.Throws<ArgumentNullException>(() => noSource.StartDecoding(memory, mask));
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

    [Theory]
    [InlineData(null, null, 0.1, 0.1)]
    [InlineData(0.05, null, 0.05, 0.1)]
    [InlineData(null, 0.0, 0.1, 0.0)]
    [InlineData(0.05, 0.05, 0.05, 0.05)]
    public void DropoutRates_GoWhereTheirOptionsSay(double? attention, double? embedding, double expectedAttention, double expectedEmbedding)
    {
        TorchRuntime.EnsureLoaded();
        using var model = new Seq2SeqModel(new ModelOptions
        {
            ModelDim = 16,
            Heads = 2,
            EncoderLayers = 1,
            DecoderLayers = 1,
            FeedForwardDim = 32,
            MaxPositions = 8,
            Dropout = 0.1,
            AttentionDropout = attention,
            EmbeddingDropout = embedding,
        }, 12);
        var dropouts = model.named_modules().Where(m => m.module is FastDropout).ToList();
        Assert.Equal(1 + 3 + 4, dropouts.Count); // embeddings; encoder: attention, feed-forward, residual; decoder: self, cross, feed-forward, residual
        foreach (var (name, module) in dropouts)
        {
            double expected = name.EndsWith("attn_dropout", StringComparison.Ordinal) ? expectedAttention
                : name == "embed_dropout" ? expectedEmbedding : 0.1;
            Assert.True(expected == ((FastDropout)module).P, $"{name}: {((FastDropout)module).P}, expected {expected}");
        }
    }

    [Theory]
    [InlineData(1.0, null)]
    [InlineData(null, -0.1)]
    public void DropoutRatesOutsideTheRange_AreRefusedByName(double? attention, double? embedding)
    {
        var options = new ModelOptions { AttentionDropout = attention, EmbeddingDropout = embedding };
        var e = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
        Assert.Contains(attention is null ? "model.embeddingDropout" : "model.attentionDropout", e.Message, StringComparison.Ordinal);
    }
}
