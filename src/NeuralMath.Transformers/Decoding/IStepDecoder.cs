namespace NeuralMath.Decoding;

/// <summary>
/// A trained model seen as a next-token scorer, one position at a time. Beam search is written against this
/// interface only, so the same search runs over TorchSharp and over ONNX Runtime.
/// </summary>
public interface IStepDecoder
{
    /// <summary>Number of tokens the model scores.</summary>
    int VocabularySize { get; }

    /// <summary>Longest target the model can produce, framing tokens included.</summary>
    int MaxTargetLength { get; }

    /// <summary>Encodes framed sources (one row each) and starts decoding them.</summary>
    IDecodingSession Start(IReadOnlyList<int[]> sources);
}

/// <summary>Incremental decoding of a set of rows; each row is one hypothesis of one input.</summary>
public interface IDecodingSession : IDisposable
{
    /// <summary>
    /// Feeds one token per row (the first call feeds <c>[SOS]</c>) and writes each row's next-token logits
    /// into <paramref name="logits"/> (rows × vocabulary, row-major).
    /// </summary>
    void Step(ReadOnlySpan<int> tokens, Span<float> logits);

    /// <summary>Keeps the rows at these indices, in this order (rows may repeat or be dropped).</summary>
    /// <param name="rows">For each new row, the old row it continues.</param>
    /// <param name="inputsUnchanged">
    /// True when every new row holds a hypothesis of the same input as the old row at its position (same row count):
    /// in a steady beam search only the hypotheses move, within each input. Per-input state (the encoder memory, its
    /// mask, the cross-attention keys and values) then stays where it is; only the per-hypothesis caches follow
    /// <paramref name="rows"/>. The caller knows which rows belong to which input, so it says so here, once.
    /// </param>
    void Reorder(ReadOnlySpan<int> rows, bool inputsUnchanged);
}
