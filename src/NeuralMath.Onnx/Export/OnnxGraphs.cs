using NeuralMath.Onnx.Proto;
using NeuralMath.Tokenization;
using static NeuralMath.Onnx.Export.OnnxNames;
using static NeuralMath.Onnx.Proto.TensorProto.Types;

namespace NeuralMath.Onnx.Export;

/// <summary>Builds the three exported graphs (encoder, cached decoder step, self-contained greedy) from one model.</summary>
internal sealed class OnnxGraphs(TransformerGraph net, int layers, int heads, int headDim, int modelDim, int vocabulary, int maxPositions)
{
    private const string Batch = "batch", PastBatch = "past_batch", Source = "source", Past = "past", Present = "past_plus_1", Target = "target";

    /// <summary>input_ids [B, S] → memory, memory_mask and per-layer cross_key_i / cross_value_i.</summary>
    public GraphProto Encoder()
    {
        var g = new GraphBuilder("neuralmath_encoder");
        g.Input(InputIds, DataType.Int64, Batch, Source);
        var (memory, mask, keys, values, sourcePositions) = net.Encoder(g, InputIds);
        Output(g, memory, Memory, Batch, Source, (long)modelDim);
        Output(g, mask, MemoryMask, Batch, 1L, 1L, Source);
        for (int i = 0; i < layers; i++)
        {
            Output(g, keys[i], CrossKey(i), Batch, (long)heads, Source, (long)headDim);
            Output(g, values[i], CrossValue(i), Batch, (long)heads, Source, (long)headDim);
        }
        if (sourcePositions is not null) Output(g, sourcePositions, SourcePositions, Batch, 1L, 1L, Source);
        return g.Graph;
    }

    /// <summary>
    /// tokens [B], position [], past_rows [B], memory_mask, past_key_i / past_value_i [B', H, t, dh], cross_key_i /
    /// cross_value_i → logits [B, V], present_key_i / present_value_i [B, H, t + 1, dh]. Row r continues row
    /// past_rows[r] of the past caches, so beam reordering happens inside the graph, on ONNX Runtime's buffers.
    /// Per-number positions add past_digit_run [B'] (int64, zeros at the first step; reordered like the caches) and
    /// digit_run [B], the next step's past_digit_run; a cross-attention window adds the encoder's source_positions.
    /// </summary>
    public GraphProto DecoderStep()
    {
        var g = new GraphBuilder("neuralmath_decoder_step");
        g.Input(Tokens, DataType.Int64, Batch);
        g.Input(Position, DataType.Int64);
        g.Input(PastRows, DataType.Int64, Batch);
        g.Input(MemoryMask, DataType.Float, Batch, 1L, 1L, Source);
        for (int i = 0; i < layers; i++)
        {
            g.Input(PastKey(i), DataType.Float, PastBatch, (long)heads, Past, (long)headDim);
            g.Input(PastValue(i), DataType.Float, PastBatch, (long)heads, Past, (long)headDim);
        }
        for (int i = 0; i < layers; i++)
        {
            g.Input(CrossKey(i), DataType.Float, Batch, (long)heads, Source, (long)headDim);
            g.Input(CrossValue(i), DataType.Float, Batch, (long)heads, Source, (long)headDim);
        }
        if (net.PerNumber) g.Input(PastDigitRun, DataType.Int64, PastBatch);
        if (net.Windowed) g.Input(SourcePositions, DataType.Float, Batch, 1L, 1L, Source);
        var all = Enumerable.Range(0, layers);
        var (logits, keys, values, digitRun) = net.DecoderStep(g, Tokens, Position, MemoryMask,
            all.Select(PastKey).ToArray(), all.Select(PastValue).ToArray(), all.Select(CrossKey).ToArray(), all.Select(CrossValue).ToArray(), PastRows,
            net.PerNumber ? PastDigitRun : null, net.Windowed ? SourcePositions : null);
        Output(g, logits, Logits, Batch, (long)vocabulary);
        for (int i = 0; i < layers; i++)
        {
            Output(g, keys[i], PresentKey(i), Batch, (long)heads, Present, (long)headDim);
            Output(g, values[i], PresentValue(i), Batch, (long)heads, Present, (long)headDim);
        }
        if (digitRun is not null) Output(g, digitRun, DigitRun, Batch);
        return g.Graph;
    }

    /// <summary>
    /// input_ids [B, S] → output_ids [B, T]: encoder, then greedy decoding in a Loop of at most P − 1 steps that
    /// stops early once every row has produced [EOS]. A row's tokens after its [EOS] are [PAD].
    /// [PAD] and [SOS] are never chosen, as in BeamSearch.
    /// </summary>
    public GraphProto Greedy()
    {
        var g = new GraphBuilder("neuralmath_greedy");
        g.Input(InputIds, DataType.Int64, Batch, Source);
        var (_, mask, crossKeys, crossValues, sourcePositions) = net.Encoder(g, InputIds);

        var batch = g.Node("Slice", [g.Node("Shape", [InputIds]), g.Int64s(0), g.Int64s(1), g.Int64s(0)]);     // [1] = {B}
        var start = g.Node("ConstantOfShape", [batch], ("value", Int64Tensor(Vocabulary.StartId)));
        var done = g.Node("Cast", [g.Node("ConstantOfShape", [batch], ("value", Int64Tensor(0)))], ("to", (long)DataType.Bool));
        var emptyCache = g.Node("ConstantOfShape", [g.Node("Concat", [batch, g.Int64s(heads, 0, headDim)], ("axis", 0L))], ("value", FloatTensor(0f)));
        var noDigits = net.PerNumber ? g.Node("ConstantOfShape", [batch], ("value", Int64Tensor(0))) : null;

        var body = g.Subgraph("greedy_step");
        body.Graph.Input.Add(GraphBuilder.ValueInfo("step", DataType.Int64, []));
        body.Graph.Input.Add(GraphBuilder.ValueInfo("cond_in", DataType.Bool, []));
        body.Graph.Input.Add(GraphBuilder.ValueInfo("last_tokens", DataType.Int64, [null]));
        body.Graph.Input.Add(GraphBuilder.ValueInfo("finished_in", DataType.Bool, [null]));
        var all = Enumerable.Range(0, layers).ToArray();
        foreach (var i in all)
        {
            body.Graph.Input.Add(GraphBuilder.ValueInfo($"loop_key_{i}", DataType.Float, [null, (long)heads, null, (long)headDim]));
            body.Graph.Input.Add(GraphBuilder.ValueInfo($"loop_value_{i}", DataType.Float, [null, (long)heads, null, (long)headDim]));
        }
        if (net.PerNumber) body.Graph.Input.Add(GraphBuilder.ValueInfo("loop_digit_run", DataType.Int64, [null]));
        var (logits, keys, values, digitRun) = net.DecoderStep(body, "last_tokens", "step", mask,
            all.Select(i => $"loop_key_{i}").ToArray(), all.Select(i => $"loop_value_{i}").ToArray(), crossKeys, crossValues,
            pastDigitRun: net.PerNumber ? "loop_digit_run" : null, sourcePositions: sourcePositions);
        var never = new float[vocabulary];
        never[Vocabulary.PadId] = never[Vocabulary.StartId] = float.NegativeInfinity;
        var best = body.Node("ArgMax", [body.Node("Add", [logits, body.Floats("never-pad-sos", never)])], ("axis", -1L), ("keepdims", 0L));
        var next = body.Node("Where", ["finished_in", body.Int64Scalar(Vocabulary.PadId), best]);
        var finished = body.Node("Or", ["finished_in", body.Node("Equal", [next, body.Int64Scalar(Vocabulary.EndId)])]);
        var open = body.Node("ReduceSum", [body.Node("Cast", [body.Node("Not", [finished])], ("to", (long)DataType.Int64))], ("keepdims", 0L));
        var more = body.Node("Greater", [open, body.Int64Scalar(0)]);
        BodyOutput(body, more, "cond_out", DataType.Bool, []);
        BodyOutput(body, next, "next_tokens", DataType.Int64, [null]);
        BodyOutput(body, finished, "finished_out", DataType.Bool, [null]);
        foreach (var i in all)
        {
            BodyOutput(body, keys[i], $"next_key_{i}", DataType.Float, [null, (long)heads, null, (long)headDim]);
            BodyOutput(body, values[i], $"next_value_{i}", DataType.Float, [null, (long)heads, null, (long)headDim]);
        }
        if (digitRun is not null) BodyOutput(body, digitRun, "next_digit_run", DataType.Int64, [null]);
        BodyOutput(body, next, "emitted", DataType.Int64, [null]);

        var loopInputs = new List<string> { g.Int64Scalar(maxPositions - 1), g.BoolScalar(true), start, done };
        foreach (var _ in all) loopInputs.AddRange([emptyCache, emptyCache]);
        if (noDigits is not null) loopInputs.Add(noDigits);
        var outputs = g.Node("Loop", loopInputs, 3 + 2 * layers + (digitRun is null ? 0 : 1), ("body", body.Graph));
        var ids = g.Node("Transpose", [outputs[^1]], ("perm", new long[] { 1, 0 }));                               // [T, B] → [B, T]
        Output(g, ids, OutputIds, Batch, Target);
        return g.Graph;
    }

    private static void Output(GraphBuilder g, string value, string name, params object?[] dims)
    {
        g.Name(value, name);
        g.Output(name, name is InputIds or OutputIds or DigitRun ? DataType.Int64 : DataType.Float, dims);
    }

    private static void BodyOutput(GraphBuilder body, string value, string name, DataType type, object?[] dims)
    {
        body.Name(value, name);
        body.Graph.Output.Add(GraphBuilder.ValueInfo(name, type, dims));
    }

    private static TensorProto Int64Tensor(long value)
    {
        var t = new TensorProto { DataType = (int)DataType.Int64, Int64Data = { value } };
        t.Dims.Add(1);
        return t;
    }

    private static TensorProto FloatTensor(float value)
    {
        var t = new TensorProto { DataType = (int)DataType.Float, FloatData = { value } };
        t.Dims.Add(1);
        return t;
    }
}
