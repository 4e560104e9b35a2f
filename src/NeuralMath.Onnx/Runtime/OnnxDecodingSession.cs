using Microsoft.ML.OnnxRuntime;
using NeuralMath.Decoding;
using NeuralMath.Onnx.Export;

namespace NeuralMath.Onnx.Runtime;

/// <summary>
/// One batch being decoded over <c>decoder_step.onnx</c>: owns the memory mask, the cross-attention keys/values and the
/// growing self-attention caches of its rows, so sessions on different threads never share state.
/// </summary>
internal sealed class OnnxDecodingSession : IDecodingSession
{
    private readonly InferenceSession _step;
    private readonly int _vocabulary;
    private readonly string[] _inputNames, _outputNames;
    private CacheTensor _mask;
    private CacheTensor[] _cross, _past;
    private long _position;

    public OnnxDecodingSession(InferenceSession step, int layers, CacheTensor mask, CacheTensor[] cross, int vocabulary)
    {
        _step = step;
        _vocabulary = vocabulary;
        _mask = mask;
        _cross = cross;
        long rows = mask.Shape[0];
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
        var inputs = new List<OrtValue>(_inputNames.Length);
        try
        {
            inputs.Add(OrtValue.CreateTensorValueFromMemory(ids, [rows]));
            inputs.Add(OrtValue.CreateTensorValueFromMemory(new[] { _position }, []));
            inputs.Add(_mask.View());
            inputs.AddRange(_past.Select(p => p.View()));
            inputs.AddRange(_cross.Select(c => c.View()));
            using var runOptions = new RunOptions();
            using var outputs = _step.Run(runOptions, _inputNames, inputs, _outputNames);
            outputs[0].GetTensorDataAsSpan<float>()[..(rows * _vocabulary)].CopyTo(logits);
            _past = outputs.Skip(1).Select(CacheTensor.From).ToArray();
        }
        finally
        {
            foreach (var v in inputs) v.Dispose();
        }
        _position++;
    }

    public void Reorder(ReadOnlySpan<int> rows)
    {
        _mask = _mask.SelectRows(rows);
        _cross = Select(_cross, rows);
        _past = Select(_past, rows);
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
