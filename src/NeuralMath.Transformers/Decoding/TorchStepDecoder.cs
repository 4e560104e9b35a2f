using NeuralMath.Data;
using NeuralMath.Model;
using static TorchSharp.torch;

namespace NeuralMath.Decoding;

/// <summary>
/// <see cref="IStepDecoder"/> over a TorchSharp <see cref="Seq2SeqModel"/>: encodes once, then one cached decoder step per call.
/// </summary>
/// <remarks>
/// Puts the model in evaluation mode. Sessions on different threads may share the model: decoding only
/// reads weights, and every session owns its cache.
/// </remarks>
public sealed class TorchStepDecoder : IStepDecoder
{
    private readonly Seq2SeqModel _model;
    private readonly Device _device;

    /// <summary>Wraps a model that lives on <paramref name="device"/>.</summary>
    public TorchStepDecoder(Seq2SeqModel model, Device device)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _device = device ?? throw new ArgumentNullException(nameof(device));
        _model.eval();
    }

    /// <inheritdoc />
    public int VocabularySize => _model.VocabularySize;

    /// <inheritdoc />
    public int MaxTargetLength => _model.Options.MaxPositions;

    /// <inheritdoc />
    public IDecodingSession Start(IReadOnlyList<int[]> sources)
    {
        using var mode = inference_mode();
        using var scope = NewDisposeScope();
        using var batch = Batching.PadRight(sources, _device);
        var (memory, mask) = _model.Encode(batch);
        return new Session(_model, _model.StartDecoding(memory, mask, batch), _device);
    }

    private sealed class Session(Seq2SeqModel model, DecoderState state, Device device) : IDecodingSession
    {
        public void Step(ReadOnlySpan<int> tokens, Span<float> logits)
        {
            using var mode = inference_mode();
            using var scope = NewDisposeScope();
            var input = tensor(ToLongs(tokens), device: device);
            var output = model.DecodeStep(state, input).to(ScalarType.Float32).cpu();
            output.data<float>().CopyTo(logits);
        }

        public void Reorder(ReadOnlySpan<int> rows, bool inputsUnchanged)
        {
            using var mode = inference_mode();
            state.Reorder(ToLongs(rows), inputsUnchanged);
        }

        public void Dispose() => state.Dispose();

        private static long[] ToLongs(ReadOnlySpan<int> values)
        {
            var result = new long[values.Length];
            for (int i = 0; i < values.Length; i++) result[i] = values[i];
            return result;
        }
    }
}
