using static TorchSharp.torch;

namespace NeuralMath.Model;

/// <summary>
/// One decoder layer's cached tensors: self-attention keys/values of the positions decoded so far and the
/// encoder memory's cross-attention keys/values. Cached tensors live outside dispose scopes and are
/// released by <see cref="Dispose"/>.
/// </summary>
internal sealed class LayerCache : IDisposable
{
    private readonly bool _persistent;

    public LayerCache(bool persistent) => _persistent = persistent;

    public Tensor? SelfKeys { get; private set; }

    public Tensor? SelfValues { get; private set; }

    public Tensor? MemoryKeys { get; private set; }

    public Tensor? MemoryValues { get; private set; }

    public void SetMemory(Tensor keys, Tensor values)
    {
        MemoryKeys = Keep(keys, MemoryKeys);
        MemoryValues = Keep(values, MemoryValues);
    }

    /// <summary>Appends new keys/values [B, H, t, dh]; returns all keys/values so far.</summary>
    public (Tensor Keys, Tensor Values) Append(Tensor keys, Tensor values)
    {
        if (!_persistent) return (keys, values);
        var k = SelfKeys is null ? keys : cat([SelfKeys, keys], 2);
        var v = SelfValues is null ? values : cat([SelfValues, values], 2);
        SelfKeys = Keep(k, SelfKeys);
        SelfValues = Keep(v, SelfValues);
        return (SelfKeys, SelfValues);
    }

    /// <summary>
    /// Keeps only the rows in <paramref name="index"/> (beam reordering; rows may repeat or drop).
    /// The memory keys/values depend only on each row's input, so they are left alone when
    /// <paramref name="inputsUnchanged"/> says every row still belongs to the same input as before.
    /// </summary>
    public void Reorder(Tensor index, bool inputsUnchanged)
    {
        if (SelfKeys is not null) SelfKeys = Keep(SelfKeys.index_select(0, index), SelfKeys);
        if (SelfValues is not null) SelfValues = Keep(SelfValues.index_select(0, index), SelfValues);
        if (inputsUnchanged) return;
        if (MemoryKeys is not null) MemoryKeys = Keep(MemoryKeys.index_select(0, index), MemoryKeys);
        if (MemoryValues is not null) MemoryValues = Keep(MemoryValues.index_select(0, index), MemoryValues);
    }

    // Cached tensors outlive the step's dispose scope; the tensor they replace is released now.
    private static Tensor Keep(Tensor fresh, Tensor? old)
    {
        if (ReferenceEquals(fresh, old)) return fresh;
        fresh.DetachFromDisposeScope();
        old?.Dispose();
        return fresh;
    }

    public void Dispose()
    {
        SelfKeys?.Dispose();
        SelfValues?.Dispose();
        MemoryKeys?.Dispose();
        MemoryValues?.Dispose();
    }
}

/// <summary>
/// Incremental decoding state for a batch of rows: per-layer caches, the encoder padding mask and the
/// number of positions decoded. Created by <see cref="Seq2SeqModel.StartDecoding"/>.
/// </summary>
internal sealed class DecoderState : IDisposable
{
    private Tensor? _digitRun;

    internal DecoderState(LayerCache[] layers, Tensor memoryMask, Tensor? digitRun = null, Tensor? sourceIds = null)
    {
        Layers = layers;
        MemoryMask = memoryMask.DetachFromDisposeScope();
        _digitRun = digitRun?.DetachFromDisposeScope();
        SourceIds = sourceIds?.DetachFromDisposeScope();
    }

    internal LayerCache[] Layers { get; }

    internal Tensor MemoryMask { get; private set; }

    /// <summary>A cross-attention window's per-number position ids of each row's source [B, S]; null without a window.</summary>
    internal Tensor? SourceIds { get; private set; }

    /// <summary>
    /// Per-number positions only: each row's count of digits ending its decoded prefix [B] (int64). Setting it
    /// releases the tensor it replaces; the state owns it.
    /// </summary>
    internal Tensor? DigitRun
    {
        get => _digitRun;
        set
        {
            if (ReferenceEquals(value, _digitRun)) return;
            value?.DetachFromDisposeScope();
            _digitRun?.Dispose();
            _digitRun = value;
        }
    }

    /// <summary>Positions decoded so far (the next token goes to this position).</summary>
    public long Length { get; internal set; }

    /// <summary>Number of rows (inputs × live beams).</summary>
    public long Rows => MemoryMask.shape[0];

    /// <summary>
    /// Keeps the rows at these indices, in this order (rows may repeat or be dropped). With
    /// <paramref name="inputsUnchanged"/> (see <see cref="Decoding.IDecodingSession.Reorder"/>) the per-input encoder
    /// memory stays in place and only the self-attention caches move.
    /// </summary>
    public void Reorder(ReadOnlySpan<long> rows, bool inputsUnchanged)
    {
        using var scope = NewDisposeScope();
        var index = tensor(rows.ToArray(), device: MemoryMask.device);
        foreach (var layer in Layers) layer.Reorder(index, inputsUnchanged);
        if (DigitRun is not null) DigitRun = DigitRun.index_select(0, index); // per hypothesis, like the self-attention cache
        if (inputsUnchanged) return;
        var mask = MemoryMask.index_select(0, index).DetachFromDisposeScope();
        MemoryMask.Dispose();
        MemoryMask = mask;
        if (SourceIds is null) return;
        var ids = SourceIds.index_select(0, index).DetachFromDisposeScope();
        SourceIds.Dispose();
        SourceIds = ids;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var layer in Layers) layer.Dispose();
        MemoryMask.Dispose();
        _digitRun?.Dispose();
        SourceIds?.Dispose();
    }
}
