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

    private readonly ModelWeights _w;
    private readonly ModelOptions _o;
    private readonly int _heads, _headDim;
    private readonly float _scale;

    public TransformerGraph(ModelWeights weights, ModelOptions options)
    {
        _w = weights;
        _o = options;
        _heads = options.Heads;
        _headDim = options.ModelDim / options.Heads;
        _scale = (float)(1.0 / Math.Sqrt(_headDim));
    }

    /// <summary>
    /// Encodes input_ids [B, S]: returns the memory [B, S, d], its additive padding mask [B, 1, 1, S] and, per
    /// decoder layer, the cross-attention keys and values [B, H, S, dh].
    /// </summary>
    public (string Memory, string Mask, string[] CrossKeys, string[] CrossValues) Encoder(GraphBuilder g, string ids)
    {
        var isPad = g.Node("Equal", [ids, g.Int64Scalar(Vocabulary.PadId)]);
        var mask2d = g.Node("Where", [isPad, g.FloatScalar(float.NegativeInfinity), g.FloatScalar(0f)]);
        var mask = g.Node("Unsqueeze", [mask2d, g.Int64s(1, 2)]);
        var length = g.Node("Gather", [g.Node("Shape", [ids]), g.Int64Scalar(1)], ("axis", 0L));
        var positions = g.Node("Range", [g.Int64Scalar(0), length, g.Int64Scalar(1)]);

        var x = Embed(g, "src_embed.weight", ids, positions);
        var relative = new RelativeSpan(g.Int64Scalar(0), length, length);
        for (int i = 0; i < _o.EncoderLayers; i++)
        {
            string p = $"encoder.{i}.";
            var h = _o.Norm == NormPlacement.Pre ? Norm(g, x, p + "norm1") : x;
            var a = Attention(g, p + "self_attn.", Heads(g, Linear(g, h, p + "self_attn.w_q", false)),
                Heads(g, Linear(g, h, p + "self_attn.w_k", false)), Heads(g, Linear(g, h, p + "self_attn.w_v", false)), mask, relative);
            x = Residual(g, x, a, p + "norm1");
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
        return (x, mask, keys, values);
    }

    /// <summary>
    /// One cached decoder step: tokens [B] at int64 scalar <paramref name="position"/>, past self-attention keys
    /// and values [B, H, t, dh] per layer. Returns logits [B, V] and the keys/values [B, H, t + 1, dh].
    /// </summary>
    public (string Logits, string[] Keys, string[] Values) DecoderStep(GraphBuilder g, string tokens, string position, string memoryMask,
        IReadOnlyList<string> pastKeys, IReadOnlyList<string> pastValues, IReadOnlyList<string> crossKeys, IReadOnlyList<string> crossValues)
    {
        var column = g.Node("Unsqueeze", [tokens, g.Int64s(1)]);                                         // [B, 1]
        var positions = g.Node("Range", [position, g.Node("Add", [position, g.Int64Scalar(1)]), g.Int64Scalar(1)]);
        var x = Embed(g, _w.Has("tgt_embed.weight") ? "tgt_embed.weight" : "src_embed.weight", column, positions);
        var queryPositions = _o.CrossAttentionPositions ? Positions(g, "cross_table", positions) : null;
        var keys = new string[_o.DecoderLayers];
        var values = new string[_o.DecoderLayers];
        for (int i = 0; i < _o.DecoderLayers; i++)
        {
            string p = $"decoder.{i}.";
            var h = _o.Norm == NormPlacement.Pre ? Norm(g, x, p + "norm1") : x;
            var q = Heads(g, Linear(g, h, p + "self_attn.w_q", false));
            keys[i] = g.Node("Concat", [pastKeys[i], Heads(g, Linear(g, h, p + "self_attn.w_k", false))], ("axis", 2L));
            values[i] = g.Node("Concat", [pastValues[i], Heads(g, Linear(g, h, p + "self_attn.w_v", false))], ("axis", 2L));
            var keyCount = g.Node("Gather", [g.Node("Shape", [keys[i]]), g.Int64Scalar(2)], ("axis", 0L));
            var relative = new RelativeSpan(position, g.Int64Scalar(1), keyCount);
            x = Residual(g, x, Attention(g, p + "self_attn.", q, keys[i], values[i], null, relative), p + "norm1");

            h = _o.Norm == NormPlacement.Pre ? Norm(g, x, p + "norm2") : x;
            var cq = Heads(g, Linear(g, queryPositions is null ? h : g.Node("Add", [h, queryPositions]), p + "cross_attn.w_q", false));
            x = Residual(g, x, Attention(g, p + "cross_attn.", cq, crossKeys[i], crossValues[i], memoryMask, null), p + "norm2");

            h = _o.Norm == NormPlacement.Pre ? Norm(g, x, p + "norm3") : x;
            x = Residual(g, x, FeedForward(g, h, p + "feed_forward."), p + "norm3");
        }
        if (_o.Norm == NormPlacement.Pre) x = Norm(g, x, "decoder_norm");
        var logits = Linear(g, g.Node("Squeeze", [x, g.Int64s(1)]), "head", true);
        return (logits, keys, values);
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
    /// softmax(q·kᵀ/√dh + relative + mask)·v, heads merged, out projection: MultiHeadAttention.Attend.
    /// With relative positions the score gains (q + v_bias)·W_r R[i − j] and q becomes q + u_bias.
    /// </summary>
    private string Attention(GraphBuilder g, string prefix, string q, string k, string v, string? mask, RelativeSpan? relative)
    {
        string? bias = mask;
        if (relative is RelativeSpan span && _o.Positions == PositionEncoding.Relative)
        {
            var bd = g.Node("Mul", [RelativeScores(g, prefix, g.Node("Add", [q, HeadBias(g, prefix + "v_bias")]), span), g.FloatScalar(_scale)]);
            bias = mask is null ? bd : g.Node("Add", [bd, mask]);
            q = g.Node("Add", [q, HeadBias(g, prefix + "u_bias")]);
        }
        var scores = g.Node("Mul", [g.Node("MatMul", [q, g.Node("Transpose", [k], ("perm", new long[] { 0, 1, 3, 2 }))]), g.FloatScalar(_scale)]);
        if (bias is not null) scores = g.Node("Add", [scores, bias]);
        var context = g.Node("MatMul", [g.Node("Softmax", [scores], ("axis", -1L)), v]);
        var merged = g.Node("Reshape", [g.Node("Transpose", [context], ("perm", new long[] { 0, 2, 1, 3 })), g.Int64s(0, 0, _o.ModelDim)]);
        return Linear(g, merged, prefix + "out_proj", true);
    }

    /// <summary>A [H, dh] bias as [1, H, 1, dh].</summary>
    private string HeadBias(GraphBuilder g, string name)
    {
        var (data, _) = _w.Get(name);
        return g.Weight(name, data, [1, _heads, 1, _headDim]);
    }

    /// <summary>
    /// (q + v_bias)·W_r R for queries at positions start.. and keys 0..Tk−1, [B, H, Tq, Tk]: the offsets the call
    /// needs are sliced from the precomputed table, multiplied, then gathered per (i, j) exactly as the model does.
    /// </summary>
    private string RelativeScores(GraphBuilder g, string prefix, string qv, RelativeSpan span)
    {
        string table = prefix + "w_r(R)";
        if (!g.HasWeight(table))
        {
            var (data, dims) = _w.RelativeKeys(prefix, _heads);
            g.Weight(table, data, dims);
        }
        var one = g.Int64Scalar(1);
        var tkMinusOne = g.Node("Sub", [span.KeyCount, one]);
        var begin = g.Node("Add", [g.Node("Sub", [span.QueryStart, tkMinusOne]), g.Int64Scalar(_o.MaxPositions - 1)]);  // lowest offset's row
        var end = g.Node("Add", [begin, g.Node("Add", [span.QueryCount, tkMinusOne])]);
        var rows = g.Node("Slice", [table, Vector(g, begin), Vector(g, end), g.Int64s(2)]);                       // [H, dh, R]
        var bd = g.Node("MatMul", [qv, rows]);                                                                     // [B, H, Tq, R]
        var i = g.Node("Unsqueeze", [g.Node("Range", [g.Int64Scalar(0), span.QueryCount, one]), g.Int64s(1)]);
        var j = g.Node("Unsqueeze", [g.Node("Range", [g.Int64Scalar(0), span.KeyCount, one]), g.Int64s(0)]);
        var index = g.Node("Add", [g.Node("Sub", [i, j]), tkMinusOne]);                                           // [Tq, Tk]
        var bht = g.Node("Slice", [g.Node("Shape", [bd]), g.Int64s(0), g.Int64s(3), g.Int64s(0)]);
        var shape = g.Node("Concat", [bht, Vector(g, span.KeyCount)], ("axis", 0L));
        return g.Node("GatherElements", [bd, g.Node("Expand", [index, shape])], ("axis", 3L));
    }

    private static string Vector(GraphBuilder g, string scalar) => g.Node("Unsqueeze", [scalar, g.Int64s(0)]);

    /// <summary>Queries at positions QueryStart.. (QueryCount of them) against keys at 0..KeyCount−1; int64 scalars.</summary>
    private readonly record struct RelativeSpan(string QueryStart, string QueryCount, string KeyCount);
}
