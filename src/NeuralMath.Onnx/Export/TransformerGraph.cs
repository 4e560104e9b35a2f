using NeuralMath.Model;
using NeuralMath.Tokenization;
using static NeuralMath.Onnx.Proto.TensorProto.Types;

namespace NeuralMath.Onnx.Export;

/// <summary>
/// The Seq2SeqModel's computation written as ONNX nodes, one method per model part, mirroring
/// <c>Seq2SeqModel</c>, <c>EncoderLayer</c>, <c>DecoderLayer</c> and <c>MultiHeadAttention</c> in evaluation mode
/// (dropout is the identity). Shapes: B rows, S source length, T target positions, H heads, dh head width.
/// </summary>
internal sealed class TransformerGraph
{
    // TorchSharp's nn.LayerNorm default, which the model uses.
    private const float LayerNormEpsilon = 1e-5f;

    // The per-number position table (Seq2SeqModel's digit_positions).
    private const string DigitTable = "digit_positions.embed.weight";

    private readonly ModelWeights _w;
    private readonly ModelOptions _o;
    private readonly long _firstDigitId;
    private readonly DigitOrder _order;
    private readonly int _heads, _headDim;
    private readonly float _scale;

    public TransformerGraph(ModelWeights weights, ModelOptions options, MathTokenizer tokenizer)
    {
        _w = weights;
        _o = options;
        _firstDigitId = tokenizer.Vocabulary.FirstDigitId;
        _order = tokenizer.Order;
        _heads = options.Heads;
        _headDim = options.ModelDim / options.Heads;
        _scale = (float)(1.0 / Math.Sqrt(_headDim));
    }

    /// <summary>True when cross-attention reaches only source digits near the place being written.</summary>
    public bool Windowed => _o.CrossAttentionWindow is not null;

    /// <summary>
    /// Encodes input_ids [B, S]: returns the memory [B, S, d], its additive padding mask [B, 1, 1, S], per decoder layer
    /// the cross-attention keys and values [B, H, S, dh], and for a model with a cross-attention window the source's
    /// per-number position ids as float32 [B, 1, 1, S] (laid out like the mask, which the decoder step reads with them).
    /// </summary>
    public (string Memory, string Mask, string[] CrossKeys, string[] CrossValues, string? SourcePositions) Encoder(GraphBuilder g, string ids)
    {
        var isPad = g.Node("Equal", [ids, g.Int64Scalar(Vocabulary.PadId)]);
        var mask2d = g.Node("Where", [isPad, g.FloatScalar(float.NegativeInfinity), g.FloatScalar(0f)]);
        var mask = g.Node("Unsqueeze", [mask2d, g.Int64s(1, 2)]);
        var shape = g.Node("Shape", [ids]);
        var length = g.Node("Gather", [shape, g.Int64Scalar(1)], ("axis", 0L));
        var positions = g.Node("Range", [g.Int64Scalar(0), length, g.Int64Scalar(1)]);

        var x = Embed(g, "src_embed.weight", ids, positions);
        var digitIds = PerNumber ? SourceDigitIds(g, ids, positions, length) : null;
        if (digitIds is not null) x = g.Node("Add", [x, Positions(g, DigitTable, digitIds)]);
        // The offsets every layer needs are the same; their slice bounds and gather index are built once.
        var relative = _o.Positions == PositionEncoding.Relative ? EncoderOffsets(g, shape, length) : null;
        for (int i = 0; i < _o.EncoderLayers; i++)
        {
            string p = $"encoder.{i}.";
            var h = _o.Norm == NormPlacement.Pre ? Norm(g, x, p + "norm1") : x;
            var a = Attention(g, p + "self_attn.", Heads(g, Linear(g, h, p + "self_attn.w_q", false)),
                Heads(g, Linear(g, h, p + "self_attn.w_k", false)), Heads(g, Linear(g, h, p + "self_attn.w_v", false)), mask,
                relative is null ? null : qv => relative.Scores(g, p + "self_attn.", qv, _w, _heads));
            x = Residual(g, x, MergeHeads(g, a, p + "self_attn."), p + "norm1");
            h = _o.Norm == NormPlacement.Pre ? Norm(g, x, p + "norm2") : x;
            x = Residual(g, x, FeedForward(g, h, p + "feed_forward."), p + "norm2");
        }
        if (_o.Norm == NormPlacement.Pre) x = Norm(g, x, "encoder_norm");

        var keyInput = _o.CrossAttentionPositions ? g.Node("Add", [x, Positions(g, "cross_table", positions)]) : x;
        var keys = new string[_o.DecoderLayers];
        var values = new string[_o.DecoderLayers];
        for (int i = 0; i < _o.DecoderLayers; i++)
        {
            keys[i] = Heads(g, Linear(g, keyInput, $"decoder.{i}.cross_attn.w_k", false));
            values[i] = Heads(g, Linear(g, x, $"decoder.{i}.cross_attn.w_v", false));
        }
        var sourcePositions = Windowed
            ? g.Node("Unsqueeze", [g.Node("Cast", [digitIds!], ("to", (long)DataType.Float)), g.Int64s(1, 2)])
            : null;
        return (x, mask, keys, values, sourcePositions);
    }

    /// <summary>True when the model places digits by per-number positions.</summary>
    public bool PerNumber => _o.Positions == PositionEncoding.PerNumber;

    /// <summary>
    /// One cached decoder step: tokens [B] at int64 scalar <paramref name="position"/>, past self-attention keys
    /// and values [B', H, t, dh] per layer, reordered by <paramref name="pastRows"/> ([B] int64, row r continues past
    /// row pastRows[r]) when given. Returns logits [B, V] and the keys/values [B, H, t + 1, dh]. With per-number
    /// positions, <paramref name="pastDigitRun"/> [B'] holds each row's digits ending its prefix (reordered like the
    /// caches) and <c>DigitRun</c> [B] the count including this step's token; otherwise both are null. With a
    /// cross-attention window, <paramref name="sourcePositions"/> is the encoder's per-input position output.
    /// </summary>
    /// <remarks>
    /// Written for one query per row, so it works on [B, d] rather than [B, 1, d]: splitting and merging heads are
    /// plain reshapes (no transposes), and each linear layer with a bias becomes one Gemm. The step runs once per
    /// generated token, so every node saved here is saved P times per input.
    /// </remarks>
    public (string Logits, string[] Keys, string[] Values, string? DigitRun) DecoderStep(GraphBuilder g, string tokens, string position, string memoryMask,
        IReadOnlyList<string> pastKeys, IReadOnlyList<string> pastValues, IReadOnlyList<string> crossKeys, IReadOnlyList<string> crossValues,
        string? pastRows = null, string? pastDigitRun = null, string? sourcePositions = null)
    {
        string Past(string cache) => pastRows is null ? cache : g.Node("Gather", [cache, pastRows], ("axis", 0L));
        var x = Embed(g, _w.Has("tgt_embed.weight") ? "tgt_embed.weight" : "src_embed.weight", tokens, position);  // [B, d]
        string? digitRun = null;
        if (PerNumber)
        {
            // As DigitPositions.Step: a digit extends its row's run, any other token ends it; the id is 1 + the run.
            var isDigit = g.Node("GreaterOrEqual", [tokens, g.Int64Scalar(_firstDigitId)]);
            var one = g.Int64Scalar(1);
            digitRun = g.Node("Where", [isDigit, g.Node("Add", [Past(pastDigitRun!), one]), g.Int64Scalar(0)]);
            x = g.Node("Add", [x, Positions(g, DigitTable, g.Node("Add", [digitRun, one]))]);
        }
        var queryPosition = _o.CrossAttentionPositions ? Positions(g, "cross_table", position) : null;             // [d]
        // The t + 1 keys (the query is the last) sit at offsets t..0: rows P−1−t..P−1 of the reversed causal tables.
        // Taken from the key count, the same for every layer, so the offsets always line up with the keys.
        string? offsetsBegin = null;
        var mask = g.Node("Transpose", [memoryMask], ("perm", new long[] { 0, 1, 3, 2 }));                    // [B, 1, S, 1]
        if (Windowed) mask = g.Node("Add", [mask, WindowMask(g, sourcePositions!, digitRun!)]);
        var keys = new string[_o.DecoderLayers];
        var values = new string[_o.DecoderLayers];
        for (int i = 0; i < _o.DecoderLayers; i++)
        {
            string p = $"decoder.{i}.";
            string h, a;
            if (_o.DecoderSelfAttention)
            {
                h = _o.Norm == NormPlacement.Pre ? Norm(g, x, p + "norm1") : x;
                // q (pre-scaled by 1/√dh), k and v in one product, split per head: [B, 3H, 1, dh] → 3 × [B, H, 1, dh].
                var qkv = g.Node("Reshape", [g.Node("MatMul", [h, SelfProjection(g, p + "self_attn.")]), g.Int64s(0, 3 * _heads, 1, _headDim)]);
                var parts = g.Node("Split", [qkv, g.Int64s(_heads, _heads, _heads)], 3, ("axis", 1L));
                keys[i] = g.Node("Concat", [Past(pastKeys[i]), parts[1]], ("axis", 2L));
                values[i] = g.Node("Concat", [Past(pastValues[i]), parts[2]], ("axis", 2L));
                if (_o.Positions == PositionEncoding.Relative && offsetsBegin is null)
                    offsetsBegin = g.Node("Sub", [g.Int64s(_o.MaxPositions), g.Node("Slice", [g.Node("Shape", [keys[i]]), g.Int64s(2), g.Int64s(3), g.Int64s(0)])]);
                var offsets = offsetsBegin is null ? null
                    : g.Node("Slice", [CausalTable(g, p + "self_attn."), offsetsBegin, g.Int64s(_o.MaxPositions), g.Int64s(1)]); // [H, t+1, dh]
                a = StepAttention(g, p + "self_attn.", parts[0], keys[i], values[i], null, offsets);
                x = Residual(g, x, StepMerge(g, a, p + "self_attn."), p + "norm1");
            }
            else
            {
                // No self-attention: the caches stay empty ([B, H, 0, dh]) and only follow the rows, so the step's
                // inputs and outputs are those of every other model.
                keys[i] = Past(pastKeys[i]);
                values[i] = Past(pastValues[i]);
            }

            h = _o.Norm == NormPlacement.Pre ? Norm(g, x, p + "norm2") : x;
            var cq = StepHeads(g, g.Node("MatMul", [queryPosition is null ? h : g.Node("Add", [h, queryPosition]), ScaledQuery(g, p + "cross_attn.")]));
            a = StepAttention(g, p + "cross_attn.", cq, crossKeys[i], crossValues[i], mask, null);
            x = Residual(g, x, StepMerge(g, a, p + "cross_attn."), p + "norm2");

            h = _o.Norm == NormPlacement.Pre ? Norm(g, x, p + "norm3") : x;
            x = Residual(g, x, FeedForward(g, h, p + "feed_forward."), p + "norm3");
        }
        if (_o.Norm == NormPlacement.Pre) x = Norm(g, x, "decoder_norm");
        return (Linear(g, x, "head", true), keys, values, digitRun);
    }

    /// <summary>Token embeddings (scaled when configured) plus absolute positions, as in Seq2SeqModel.Embed.</summary>
    private string Embed(GraphBuilder g, string table, string tokens, string positions)
    {
        var (data, dims) = _w.Get(table);
        var x = g.Node("Gather", [g.Weight(table, data, dims), tokens], ("axis", 0L));
        if (_o.ScaleEmbeddings) x = g.Node("Mul", [x, g.FloatScalar((float)Math.Sqrt(_o.ModelDim))]);
        string? absolute = _o.Positions switch
        {
            PositionEncoding.Learned => "pos_embed",
            PositionEncoding.Sinusoidal => "abs_table",
            _ => null,
        };
        return absolute is null ? x : g.Node("Add", [x, Positions(g, absolute, positions)]);
    }

    /// <summary>
    /// As DigitPositions.WindowMask for one query per row, in the step's key-major layout [B, 1, S, 1]: −∞ for a source
    /// digit (id above 0) above the query's place (id 1 + <paramref name="digitRun"/>) or more than the window's places
    /// below it, else 0.
    /// </summary>
    private string WindowMask(GraphBuilder g, string sourcePositions, string digitRun)
    {
        var source = g.Node("Transpose", [sourcePositions], ("perm", new long[] { 0, 1, 3, 2 }));            // [B, 1, S, 1]
        var query = g.Node("Reshape", [g.Node("Cast", [g.Node("Add", [digitRun, g.Int64Scalar(1)])], ("to", (long)DataType.Float)), g.Int64s(-1, 1, 1, 1)]);
        var below = g.Node("Sub", [query, source]);
        var outside = g.Node("Or", [g.Node("Less", [below, g.FloatScalar(0f)]), g.Node("Greater", [below, g.FloatScalar(_o.CrossAttentionWindow!.Value)])]);
        var blocked = g.Node("And", [outside, g.Node("Greater", [source, g.FloatScalar(0f)])]);
        return g.Node("Where", [blocked, g.FloatScalar(float.NegativeInfinity), g.FloatScalar(0f)]);
    }

    /// <summary>
    /// Per-number position ids of a source [B, S], as DigitPositions.SourceIds: 0 for a non-digit, 1 + place value for a
    /// digit. ONNX has no cumulative max, so the nearest non-digit before (or after) each index is a masked reduction
    /// over all pairs of indices, [B, S, S] (sources are short).
    /// </summary>
    private string SourceDigitIds(GraphBuilder g, string ids, string index, string length)
    {
        var isDigit = g.Node("GreaterOrEqual", [ids, g.Int64Scalar(_firstDigitId)]);                    // [B, S]
        var t = g.Node("Unsqueeze", [index, g.Int64s(1)]);                                               // [S, 1]
        var s = g.Node("Unsqueeze", [index, g.Int64s(0)]);                                               // [1, S]
        if (_order == DigitOrder.LeastSignificantFirst)
        {
            // The k-th digit of a run is k: t minus the last non-digit at or before t.
            var breaks = g.Node("Unsqueeze", [g.Node("Where", [isDigit, g.Int64Scalar(-1), index]), g.Int64s(1)]);   // [B, 1, S]
            var seen = g.Node("Where", [g.Node("LessOrEqual", [s, t]), breaks, g.Int64Scalar(-1)]);                 // [B, S, S]
            return g.Node("Sub", [index, g.Node("ReduceMax", [seen], ("axes", new long[] { 2 }), ("keepdims", 0L))]);
        }
        // Most-significant first, the place value is counted back from the run's end: the first non-digit at or after t.
        var ends = g.Node("Unsqueeze", [g.Node("Where", [isDigit, length, index]), g.Int64s(1)]);
        var ahead = g.Node("Where", [g.Node("GreaterOrEqual", [s, t]), ends, length]);
        return g.Node("Sub", [g.Node("ReduceMin", [ahead], ("axes", new long[] { 2 }), ("keepdims", 0L)), index]);
    }

    /// <summary>Rows of a position table. Gather, unlike Slice, fails on a position past the table instead of clamping.</summary>
    private string Positions(GraphBuilder g, string table, string positions)
    {
        var (data, dims) = _w.Get(table);
        return g.Node("Gather", [g.Weight(table, data, dims), positions], ("axis", 0L));
    }

    private string Linear(GraphBuilder g, string x, string prefix, bool bias)
    {
        string name = prefix + ".weight";
        if (!g.HasWeight(name + "^T"))
        {
            var (data, dims) = _w.Transposed(name);
            g.Weight(name + "^T", data, dims);
        }
        var y = g.Node("MatMul", [x, name + "^T"]);
        if (!bias) return y;
        var (b, bd) = _w.Get(prefix + ".bias");
        return g.Node("Add", [y, g.Weight(prefix + ".bias", b, bd)]);
    }

    private string Norm(GraphBuilder g, string x, string prefix)
    {
        var (scale, sd) = _w.Get(prefix + ".weight");
        var (bias, bd) = _w.Get(prefix + ".bias");
        return g.Node("LayerNormalization", [x, g.Weight(prefix + ".weight", scale, sd), g.Weight(prefix + ".bias", bias, bd)],
            ("axis", -1L), ("epsilon", LayerNormEpsilon));
    }

    /// <summary>Post-norm: norm(x + sub); pre-norm: x + sub.</summary>
    private string Residual(GraphBuilder g, string x, string sub, string norm)
    {
        var sum = g.Node("Add", [x, sub]);
        return _o.Norm == NormPlacement.Pre ? sum : Norm(g, sum, norm);
    }

    private string FeedForward(GraphBuilder g, string x, string prefix) =>
        Linear(g, g.Node("Relu", [Linear(g, x, prefix + "linear1", true)]), prefix + "linear2", true);

    /// <summary>[B, T, d] → [B, H, T, dh].</summary>
    private string Heads(GraphBuilder g, string x) =>
        g.Node("Transpose", [g.Node("Reshape", [x, g.Int64s(0, 0, _heads, _headDim)])], ("perm", new long[] { 0, 2, 1, 3 }));

    /// <summary>
    /// softmax(q·kᵀ/√dh + relative + mask)·v per head, [B, H, Tq, dh]: MultiHeadAttention.Attend before the heads
    /// are merged. With relative positions the score gains (q + v_bias)·W_r R[i − j] (<paramref name="relative"/>
    /// maps q + v_bias to those scores) and q becomes q + u_bias.
    /// </summary>
    private string Attention(GraphBuilder g, string prefix, string q, string k, string v, string? mask, Func<string, string>? relative)
    {
        string? bias = mask;
        if (relative is not null)
        {
            var bd = g.Node("Mul", [relative(g.Node("Add", [q, HeadBias(g, prefix + "v_bias")])), g.FloatScalar(_scale)]);
            bias = mask is null ? bd : g.Node("Add", [bd, mask]);
            q = g.Node("Add", [q, HeadBias(g, prefix + "u_bias")]);
        }
        var scores = g.Node("Mul", [g.Node("MatMul", [q, g.Node("Transpose", [k], ("perm", new long[] { 0, 1, 3, 2 }))]), g.FloatScalar(_scale)]);
        if (bias is not null) scores = g.Node("Add", [scores, bias]);
        return g.Node("MatMul", [g.Node("Softmax", [scores], ("axis", -1L)), v]);
    }

    /// <summary>
    /// Attention of one query per row, [B, H, 1, dh] already scaled by 1/√dh, over t keys [B, H, t, dh]: returns
    /// [B, H, dh]. Scores and the weighted sum are broadcast products summed over an axis, one pass over
    /// [B, H, t, dh] each: with a single query, MatMul would run B·H separate tiny products. Relative scores come
    /// from <paramref name="offsets"/> (W_r R per key, [H, t, dh]) as (q + u_bias)·k + (q + v_bias)·W_r R, in one sum.
    /// </summary>
    private string StepAttention(GraphBuilder g, string prefix, string q, string k, string v, string? mask, string? offsets)
    {
        var product = offsets is null ? g.Node("Mul", [q, k])
            : g.Node("Add", [g.Node("Mul", [g.Node("Add", [q, HeadBias(g, prefix + "u_bias", _scale)]), k]),
                             g.Node("Mul", [g.Node("Add", [q, HeadBias(g, prefix + "v_bias", _scale)]), offsets])]);
        var scores = g.Node("ReduceSum", [product, g.Int64s(-1)], ("keepdims", 1L));                                      // [B, H, t, 1]
        if (mask is not null) scores = g.Node("Add", [scores, mask]);
        var weights = g.Node("Softmax", [scores], ("axis", 2L));
        return g.Node("ReduceSum", [g.Node("Mul", [weights, v]), g.Int64s(2)], ("keepdims", 0L));
    }

    /// <summary>A decoder step's self-attention projections as one [d, 3d] weight: W_q·(1/√dh), W_k, W_v.</summary>
    private string SelfProjection(GraphBuilder g, string prefix)
    {
        string name = prefix + "w_qkv^T (q scaled)";
        if (g.HasWeight(name)) return name;
        var (q, dims) = _w.Transposed(prefix + "w_q.weight");
        var (k, _) = _w.Transposed(prefix + "w_k.weight");
        var (v, _) = _w.Transposed(prefix + "w_v.weight");
        int rows = (int)dims[0], cols = (int)dims[1];
        var fused = new float[rows * 3 * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                fused[r * 3 * cols + c] = q[r * cols + c] * _scale;
                fused[r * 3 * cols + cols + c] = k[r * cols + c];
                fused[r * 3 * cols + 2 * cols + c] = v[r * cols + c];
            }
        return g.Weight(name, fused, [rows, 3 * cols]);
    }

    /// <summary>A query projection pre-scaled by 1/√dh, so the step's scores need no separate scaling.</summary>
    private string ScaledQuery(GraphBuilder g, string prefix)
    {
        string name = prefix + "w_q^T (scaled)";
        if (g.HasWeight(name)) return name;
        var (q, dims) = _w.Transposed(prefix + "w_q.weight");
        return g.Weight(name, q.Select(x => x * _scale).ToArray(), dims);
    }

    /// <summary>[B, H, T, dh] heads → [B, T, d], then the out projection.</summary>
    private string MergeHeads(GraphBuilder g, string context, string prefix) =>
        Linear(g, g.Node("Reshape", [g.Node("Transpose", [context], ("perm", new long[] { 0, 2, 1, 3 })), g.Int64s(0, 0, _o.ModelDim)]), prefix + "out_proj", true);

    /// <summary>One query per row: [B, d] → [B, H, 1, dh] is a reshape.</summary>
    private string StepHeads(GraphBuilder g, string x) => g.Node("Reshape", [x, g.Int64s(0, _heads, 1, _headDim)]);

    /// <summary>One query per row: [B, H, dh] → [B, d] is a reshape; then the out projection.</summary>
    private string StepMerge(GraphBuilder g, string context, string prefix) =>
        Linear(g, g.Node("Reshape", [context, g.Int64s(0, _o.ModelDim)]), prefix + "out_proj", true);

    /// <summary>The layer's reversed causal relative table [H, P, dh] (see ModelWeights.CausalRelativeKeys).</summary>
    private string CausalTable(GraphBuilder g, string prefix)
    {
        string table = prefix + "w_r(R) causal reversed";
        if (!g.HasWeight(table))
        {
            var (data, dims) = _w.CausalRelativeKeys(prefix, _heads);
            g.Weight(table, data, dims);
        }
        return table;
    }

    /// <summary>A [H, dh] bias as [1, H, 1, dh], times <paramref name="scale"/> (for pre-scaled queries).</summary>
    private string HeadBias(GraphBuilder g, string name, float scale = 1f)
    {
        var (data, _) = _w.Get(name);
        string weight = scale == 1f ? name : name + " scaled";
        return g.HasWeight(weight) ? weight : g.Weight(weight, data.Select(x => x * scale).ToArray(), [1, _heads, 1, _headDim]);
    }

    /// <summary>
    /// The encoder's relative offsets (queries and keys both 0..S−1): the slice of the full table covering offsets
    /// −(S−1)..S−1, and the index that gathers offset i − j for each (i, j), expanded to [B, H, S, S].
    /// </summary>
    private EncoderRelative EncoderOffsets(GraphBuilder g, string idsShape, string length)
    {
        var one = g.Int64Scalar(1);
        var lengthMinusOne = g.Node("Sub", [length, one]);
        var begin = g.Node("Sub", [g.Int64Scalar(_o.MaxPositions - 1), lengthMinusOne]);                 // offset −(S−1)
        var end = g.Node("Add", [g.Int64Scalar(_o.MaxPositions), lengthMinusOne]);                       // past offset S−1
        var i = g.Node("Unsqueeze", [g.Node("Range", [g.Int64Scalar(0), length, one]), g.Int64s(1)]);
        var j = g.Node("Unsqueeze", [g.Node("Range", [g.Int64Scalar(0), length, one]), g.Int64s(0)]);
        var index = g.Node("Add", [g.Node("Sub", [i, j]), lengthMinusOne]);                               // [S, S]
        var batch = g.Node("Slice", [idsShape, g.Int64s(0), g.Int64s(1), g.Int64s(0)]);
        var shape = g.Node("Concat", [batch, g.Int64s(_heads), Vector(g, length), Vector(g, length)], ("axis", 0L));
        return new EncoderRelative(Vector(g, begin), Vector(g, end), g.Node("Expand", [index, shape]));
    }

    /// <summary>Slice bounds and gather index shared by every encoder layer.</summary>
    private sealed record EncoderRelative(string Begin, string End, string Index)
    {
        /// <summary>(q + v_bias)·W_r R[i − j] for one layer: [B, H, S, S].</summary>
        public string Scores(GraphBuilder g, string prefix, string qv, ModelWeights weights, int heads)
        {
            string table = prefix + "w_r(R)";
            if (!g.HasWeight(table))
            {
                var (data, dims) = weights.RelativeKeys(prefix, heads);
                g.Weight(table, data, dims);
            }
            var bd = g.Node("MatMul", [qv, g.Node("Slice", [table, Begin, End, g.Int64s(2)])]);         // [B, H, S, 2S − 1]
            return g.Node("GatherElements", [bd, Index], ("axis", 3L));
        }
    }

    private static string Vector(GraphBuilder g, string scalar) => g.Node("Unsqueeze", [scalar, g.Int64s(0)]);
}
