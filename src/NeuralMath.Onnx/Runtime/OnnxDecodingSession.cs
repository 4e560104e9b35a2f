using Microsoft.ML.OnnxRuntime;
using NeuralMath.Decoding;
using NeuralMath.Onnx.Export;

namespace NeuralMath.Onnx.Runtime;

/// <summary>
/// One batch being decoded over <c>decoder_step.onnx</c>: owns the memory mask, the cross-attention keys/values and the
/// growing self-attention caches of its rows, so sessions on different threads never share state.
/// </summary>
/// <remarks>
/// Everything lives in managed arrays that ONNX Runtime reads and writes in place (inputs and outputs are views,
/// not copies); nothing native outlives a <see cref="Step"/> call.
/// </remarks>
internal sealed class OnnxDecodingSession : IDecodingSession
{
    private readonly InferenceSession _step;
    private readonly int _vocabulary;
    private readonly string[] _inputNames, _outputNames;
    private CacheTensor _mask;
    private CacheTensor[] _cross, _past;
    private int[] _rowInputs;
    private float[] _logits = [];
    private long _position;

    public OnnxDecodingSession(InferenceSession step, int layers, CacheTensor mask, CacheTensor[] cross, int vocabulary)
    {
        _step = step;
        _vocabulary = vocabulary;
        _mask = mask;
        _cross = cross;
        int rows = (int)mask.Shape[0];
        _rowInputs = Enumerable.Range(0, rows).ToArray();
        long heads = cross[0].Shape[1], headDim = cross[0].Shape[3];
        _past = Enumerable.Range(0, 2 * layers).Select(_ => new CacheTensor([], [rows, heads, 0, headDim])).ToArray();
        var layerIds = Enumerable.Range(0, layers).ToArray();
        _inputNames = [OnnxNames.Tokens, OnnxNames.Position, OnnxNames.MemoryMask,
            .. layerIds.SelectMany(i => new[] { OnnxNames.PastKey(i), OnnxNames.PastValue(i) }),
            .. layerIds.SelectMany(i => new[] { OnnxNames.CrossKey(i), OnnxNames.CrossValue(i) })];
        _outputNames = [OnnxNames.Logits, .. layerIds.SelectMany(i => new[] { OnnxNames.PresentKey(i), OnnxNames.PresentValue(i) })];
    }

    public void Step(ReadOnlySpan<int> tokens, Span<float> logits)
    {
        int rows = (int)_mask.Shape[0];
        if (tokens.Length != rows) throw new ArgumentException($"Expected {rows} tokens, one per row; got {tokens.Length}.", nameof(tokens));
        var ids = new long[rows];
        for (int i = 0; i < rows; i++) ids[i] = tokens[i];
        if (_logits.Length != rows * _vocabulary) _logits = new float[rows * _vocabulary];
        // The step writes its outputs straight into the arrays the next step reads.
        var present = _past.Select(p => CacheTensor.Grown(p.Shape, axis: 2)).ToArray();
        var inputs = new List<OrtValue>(_inputNames.Length);
        var outputs = new List<OrtValue>(_outputNames.Length);
        try
        {
            inputs.Add(OrtValue.CreateTensorValueFromMemory(ids, [rows]));
            inputs.Add(OrtValue.CreateTensorValueFromMemory(new[] { _position }, []));
            inputs.Add(_mask.View());
            inputs.AddRange(_past.Select(p => p.View()));
            inputs.AddRange(_cross.Select(c => c.View()));
            outputs.Add(OrtValue.CreateTensorValueFromMemory(_logits, [rows, _vocabulary]));
            outputs.AddRange(present.Select(p => p.View()));
            using var runOptions = new RunOptions();
            _step.Run(runOptions, _inputNames, inputs, _outputNames, outputs);
        }
        finally
        {
            foreach (var v in inputs) v.Dispose();
            foreach (var v in outputs) v.Dispose();
        }
        _logits.AsSpan().CopyTo(logits);
        _past = present;
        _position++;
    }

    public void Reorder(ReadOnlySpan<int> rows)
    {
        _past = Select(_past, rows);
        // In a steady beam search every row keeps its input (only its hypothesis changes), so the per-input mask
        // and cross-attention keys/values are copied only when rows move between inputs or finished inputs leave.
        var rowInputs = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++) rowInputs[i] = _rowInputs[rows[i]];
        if (rowInputs.AsSpan().SequenceEqual(_rowInputs)) return;
        _rowInputs = rowInputs;
        _mask = _mask.SelectRows(rows);
        _cross = Select(_cross, rows);
    }

    public void Dispose()
    {
        // Everything lives in managed arrays; nothing native outlives a Step call.
    }

    private static CacheTensor[] Select(CacheTensor[] tensors, ReadOnlySpan<int> rows)
    {
        var result = new CacheTensor[tensors.Length];
        for (int i = 0; i < tensors.Length; i++) result[i] = tensors[i].SelectRows(rows);
        return result;
    }
}
