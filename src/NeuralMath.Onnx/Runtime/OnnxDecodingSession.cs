using Microsoft.ML.OnnxRuntime;
using NeuralMath.Decoding;

namespace NeuralMath.Onnx.Runtime;

/// <summary>
/// One batch being decoded over <c>decoder_step.onnx</c>: owns the memory mask, the cross-attention keys/values and the
/// growing self-attention caches of its rows, so sessions on different threads never share state.
/// </summary>
/// <remarks>
/// The self-attention caches stay in the buffers ONNX Runtime wrote them to, on the provider's device (GPU memory on
/// CUDA, through IO binding): each step's present caches are the next step's past caches, and beam reordering is the
/// graph's <c>past_rows</c> input, so no cache is copied to the host and back; only the logits are. CPU and CUDA share
/// everything but the one call in <see cref="Run"/> (the tests run the bound variant on the CPU too). The per-input mask and cross
/// keys/values are pooled managed arrays, reordered only when rows move between inputs; on CUDA, ONNX Runtime copies
/// them to the device at each step (they do not grow).
/// </remarks>
internal sealed class OnnxDecodingSession : IDecodingSession
{
    private readonly InferenceSession _step;
    private readonly OrtIoBinding? _binding;
    private readonly OrtMemoryInfo? _cacheMemory;
    private readonly int _vocabulary, _maxPositions, _caches;
    private readonly bool _digitRun, _window;
    private readonly string[] _inputNames, _outputNames;
    private readonly long[] _emptyCacheShape;
    private readonly CacheTensor[] _perInput;                     // mask, cross keys/values, then (window) source positions
    private long[] _pastRows;
    private IDisposableReadOnlyCollection<OrtValue>? _present; // the last step's outputs: logits, then the caches
    private OrtValue[]? _memoryViews;                             // views of _perInput: kept until a reorder moves them
    private long _position;

    /// <summary>
    /// <paramref name="perInput"/>: the encoder's outputs in its contract's order (mask, every layer's cross keys and
    /// values, and with a window the source positions), owned by the session from now on.
    /// </summary>
    public OnnxDecodingSession(InferenceSession step, OrtMemoryInfo? cacheMemory, int layers, CacheTensor[] perInput, int vocabulary, int maxPositions, bool digitRun, bool window)
    {
        _caches = 2 * layers;
        _digitRun = digitRun;
        _window = window;
        _step = step;
        _cacheMemory = cacheMemory;
        _maxPositions = maxPositions;
        _vocabulary = vocabulary;
        _perInput = perInput;
        int rows = Rows;
        _pastRows = Identity(rows);
        _emptyCacheShape = [rows, perInput[1].Shape[1], 0, perInput[1].Shape[3]];
        var contract = GraphContract.DecoderStep(layers, digitRun, window);
        _inputNames = contract.InputNames;
        _outputNames = contract.OutputNames;
        _binding = cacheMemory is null ? null : step.CreateIoBinding();
    }

    private int Rows => (int)_perInput[0].Shape[0];

    public void Step(ReadOnlySpan<int> tokens, Span<float> logits)
    {
        int rows = Rows;
        if (tokens.Length != rows) throw new ArgumentException($"Expected {rows} tokens, one per row; got {tokens.Length}.", nameof(tokens));
        if (_position >= _maxPositions) throw new InvalidOperationException($"This model decodes at most {_maxPositions} positions.");
        var ids = new long[rows];
        for (int i = 0; i < rows; i++) ids[i] = tokens[i];
        var owned = new List<OrtValue>(_inputNames.Length); // created for this step only; past caches belong to _present
        var inputs = new List<OrtValue>(_inputNames.Length);
        IDisposableReadOnlyCollection<OrtValue> outputs;
        try
        {
            OrtValue Own(OrtValue v)
            {
                owned.Add(v);
                return v;
            }
            inputs.Add(Own(OrtValue.CreateTensorValueFromMemory(ids, [rows])));
            inputs.Add(Own(OrtValue.CreateTensorValueFromMemory(new[] { _position }, [])));
            inputs.Add(Own(OrtValue.CreateTensorValueFromMemory(_pastRows, [rows])));
            // Creating an OrtValue costs about as much as a small kernel; the per-input views outlive the step.
            _memoryViews ??= MemoryViews();
            inputs.Add(_memoryViews[0]);
            for (int c = 0; c < _caches; c++)
                inputs.Add(_present is null ? Own(OrtValue.CreateTensorValueFromMemory(Array.Empty<float>(), _emptyCacheShape)) : _present[1 + c]);
            inputs.AddRange(_memoryViews.Skip(1).Take(_caches));
            // Per-number positions: every row starts with no digits before [SOS]; later the last step's digit_run (the last output).
            if (_digitRun) inputs.Add(_present is null ? Own(OrtValue.CreateTensorValueFromMemory(new long[rows], [rows])) : _present[_present.Count - 1]);
            if (_window) inputs.Add(_memoryViews[^1]);
            outputs = Run(inputs);
        }
        finally
        {
            foreach (var v in owned) v.Dispose();
        }
        try
        {
            outputs[0].GetTensorDataAsSpan<float>()[..(rows * _vocabulary)].CopyTo(logits);
        }
        catch
        {
            outputs.Dispose();
            throw;
        }
        _present?.Dispose();
        _present = outputs;
        _pastRows = Identity(rows);
        _position++;
    }

    /// <summary>
    /// One run of the step graph. Without a cache memory ONNX Runtime allocates the outputs in host memory (the fastest
    /// way on the CPU: IO binding costs about 15% per step on small models there). With one, the caches are bound to it
    /// and stay there for the next step, and only the logits are bound to host memory.
    /// </summary>
    private IDisposableReadOnlyCollection<OrtValue> Run(List<OrtValue> inputs)
    {
        using var runOptions = new RunOptions();
        if (_binding is null || _cacheMemory is null) return _step.Run(runOptions, _inputNames, inputs, _outputNames);
        _binding.ClearBoundInputs();
        _binding.ClearBoundOutputs();
        for (int i = 0; i < _inputNames.Length; i++) _binding.BindInput(_inputNames[i], inputs[i]);
        _binding.BindOutputToDevice(_outputNames[0], OrtMemoryInfo.DefaultInstance);
        for (int i = 1; i < _outputNames.Length; i++) _binding.BindOutputToDevice(_outputNames[i], _cacheMemory);
        return _step.RunWithBoundResults(runOptions, _binding);                 // in the order bound: logits first
    }

    public void Reorder(ReadOnlySpan<int> rows, bool inputsUnchanged)
    {
        // The caches follow at the next step (past_rows); composed in case of two reorders without a step between.
        var pastRows = new long[rows.Length];
        for (int i = 0; i < rows.Length; i++) pastRows[i] = _pastRows[rows[i]];
        _pastRows = pastRows;
        // The per-input mask and cross-attention keys/values move only when rows move between inputs or finished inputs leave.
        if (inputsUnchanged) return;
        DisposeMemoryViews();
        for (int i = 0; i < _perInput.Length; i++)
        {
            var selected = _perInput[i].SelectRows(rows);
            _perInput[i].Dispose();
            _perInput[i] = selected;
        }
    }

    public void Dispose()
    {
        _binding?.Dispose();
        _present?.Dispose();
        _present = null;
        DisposeMemoryViews();
        foreach (var t in _perInput) t.Dispose();
    }

    private OrtValue[] MemoryViews()
    {
        var views = new List<OrtValue>(_perInput.Length);
        try
        {
            foreach (var t in _perInput) views.Add(t.View());
            return [.. views];
        }
        catch
        {
            foreach (var v in views) v.Dispose();
            throw;
        }
    }

    private void DisposeMemoryViews()
    {
        foreach (var v in _memoryViews ?? []) v.Dispose();
        _memoryViews = null;
    }

    private static long[] Identity(int rows)
    {
        var result = new long[rows];
        for (int i = 0; i < rows; i++) result[i] = i;
        return result;
    }
}
