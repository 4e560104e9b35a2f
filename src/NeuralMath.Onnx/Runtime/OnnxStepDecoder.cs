using Microsoft.ML.OnnxRuntime;
using NeuralMath.Decoding;
using NeuralMath.Model;
using NeuralMath.Onnx.Export;
using NeuralMath.Onnx.Runtime;

namespace NeuralMath.Onnx;

/// <summary>
/// <see cref="IStepDecoder"/> over ONNX Runtime: <c>encoder.onnx</c> once per batch, then one <c>decoder_step.onnx</c>
/// run per position, so <see cref="BeamSearch"/> (and <see cref="Evaluation.Predictor"/>) run unchanged.
/// </summary>
/// <remarks>
/// Thread-safe: the two sessions are created once and shared (ONNX Runtime allows concurrent Run calls), and each
/// decoding session owns its caches. Owned by <see cref="OnnxModel"/>, which disposes the sessions.
/// </remarks>
public sealed class OnnxStepDecoder : IStepDecoder
{
    private readonly InferenceSession _encoder, _step;
    private readonly OrtMemoryInfo? _cacheMemory;
    private readonly string[] _encoderOutputs;
    private readonly int _layers;
    private readonly bool _digitRun, _window;

    internal OnnxStepDecoder(InferenceSession encoder, InferenceSession step, OrtMemoryInfo? cacheMemory, int vocabularySize, ModelOptions model)
    {
        _encoder = encoder;
        _step = step;
        _cacheMemory = cacheMemory;
        VocabularySize = vocabularySize;
        MaxTargetLength = model.MaxPositions;
        _layers = model.DecoderLayers;
        _digitRun = model.Positions == PositionEncoding.PerNumber;
        _window = model.CrossAttentionWindow is not null;
        _encoderOutputs = GraphContract.Encoder(_layers, _window).OutputNames;
    }

    /// <inheritdoc />
    public int VocabularySize { get; }

    /// <inheritdoc />
    public int MaxTargetLength { get; }

    /// <inheritdoc />
    public IDecodingSession Start(IReadOnlyList<int[]> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var (ids, shape) = PadRight(sources);
        using var input = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var runOptions = new RunOptions();
        using var outputs = _encoder.Run(runOptions, [OnnxNames.InputIds], [input], _encoderOutputs);
        // The mask, then every layer's cross keys and values, then (with a window) the source positions: all per input.
        var tensors = outputs.Select(CacheTensor.From).ToArray();
        return new OnnxDecodingSession(_step, _cacheMemory, _layers, tensors, VocabularySize, MaxTargetLength, _digitRun, _window);
    }

    /// <summary>Sources as one [B, S] int64 batch padded with [PAD] (0), which the encoder masks.</summary>
    internal static (long[] Ids, long[] Shape) PadRight(IReadOnlyList<int[]> sources)
    {
        int length = sources.Count == 0 ? 0 : sources.Max(s => s.Length);
        var ids = new long[sources.Count * length];
        for (int r = 0; r < sources.Count; r++)
            for (int c = 0; c < sources[r].Length; c++) ids[r * length + c] = sources[r][c];
        return (ids, [sources.Count, length]);
    }
}
