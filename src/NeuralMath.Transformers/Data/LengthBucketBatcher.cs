namespace NeuralMath.Data;

/// <summary>
/// Cuts a dataset into batches of examples with similar lengths, so little compute goes to padding,
/// in an order fixed by (seed, epoch): a resumed run sees exactly the batches an uninterrupted run would.
/// </summary>
public sealed class LengthBucketBatcher
{
    /// <summary>Creates a batcher over examples with the given source and target lengths.</summary>
    public LengthBucketBatcher(IReadOnlyList<int> sourceLengths, IReadOnlyList<int> targetLengths, int batchSize, ulong seed) => throw new NotImplementedException();

    /// <summary>Examples per batch (the last batch of a length group may be smaller).</summary>
    public int BatchSize { get; }

    /// <summary>Number of batches in every epoch.</summary>
    public int BatchesPerEpoch { get; }

    /// <summary>The batches (arrays of example indices) of an epoch; each example appears exactly once.</summary>
    public IReadOnlyList<int[]> Epoch(int epoch) => throw new NotImplementedException();
}
