namespace NeuralMath.Data;

/// <summary>
/// Cuts a dataset into batches of examples with similar lengths, so little compute goes to padding,
/// in an order fixed by (seed, epoch): a resumed run sees exactly the batches an uninterrupted run would.
/// </summary>
/// <remarks>
/// Per epoch: shuffle all indices; take pools of <see cref="PoolBatches"/> × batch size; sort each pool stably
/// by (target length, source length); cut it into batches; shuffle the batch order. Every pool but the last
/// is a whole number of batches, so only one batch per epoch can be short and
/// <see cref="BatchesPerEpoch"/> is ceil(N / batch size) for every epoch.
/// </remarks>
internal sealed class LengthBucketBatcher
{
    /// <summary>Batches per sorting pool: large enough to find similar lengths, small enough to keep batches random.</summary>
    public const int PoolBatches = 50;

    private readonly int[] _sourceLengths;
    private readonly int[] _targetLengths;
    private readonly int[] _epochIndices; // example i appears copies[i] times
    private readonly ulong _seed;
    private readonly int _maxLength;
    private readonly TaskMixture? _mixture;

    /// <summary>
    /// Creates a batcher over examples with the given source and target lengths. With <paramref name="copies"/>, example
    /// i appears copies[i] times in every epoch (oversampling); the copies are shuffled like any other example. With
    /// <paramref name="tasks"/> (a multitask model: each example's task and each task's weight), every epoch mixes the
    /// tasks by weight (<see cref="TaskMixture"/>) instead of holding each example once.
    /// </summary>
    public LengthBucketBatcher(IReadOnlyList<int> sourceLengths, IReadOnlyList<int> targetLengths, int batchSize, ulong seed, IReadOnlyList<int>? copies = null,
        (IReadOnlyList<int> TaskOf, IReadOnlyList<double> Weights)? tasks = null)
    {
        ArgumentNullException.ThrowIfNull(sourceLengths);
        ArgumentNullException.ThrowIfNull(targetLengths);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (sourceLengths.Count != targetLengths.Count)
            throw new ArgumentException($"There are {sourceLengths.Count} source lengths but {targetLengths.Count} target lengths.", nameof(targetLengths));
        _sourceLengths = [.. sourceLengths];
        _targetLengths = [.. targetLengths];
        foreach (var length in _sourceLengths.Concat(_targetLengths))
            if (length < 0) throw new ArgumentOutOfRangeException(nameof(sourceLengths), length, "Sequence lengths must be ≥ 0.");
        _maxLength = _sourceLengths.Concat(_targetLengths).DefaultIfEmpty(0).Max();
        _seed = seed;
        _epochIndices = EpochIndices(_sourceLengths.Length, copies);
        _mixture = tasks is { } mix ? new TaskMixture(_epochIndices, mix.TaskOf, mix.Weights, seed) : null;
        BatchSize = batchSize;
        BatchesPerEpoch = (int)((_epochIndices.Length + (long)batchSize - 1) / batchSize);
    }

    /// <summary>Examples per epoch, copies included.</summary>
    public int EpochSize => _epochIndices.Length;

    /// <summary>Examples per batch (the last batch of a length group may be smaller).</summary>
    public int BatchSize { get; }

    /// <summary>Number of batches in every epoch.</summary>
    public int BatchesPerEpoch { get; }

    /// <summary>The batches (arrays of example indices) of an epoch; each example appears exactly once.</summary>
    public IReadOnlyList<int[]> Epoch(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        var rng = new SeededRandom(_seed, (ulong)epoch);
        int n = _epochIndices.Length;
        var order = _mixture?.Epoch(epoch) ?? (int[])_epochIndices.Clone();
        rng.Shuffle(order.AsSpan());

        var batches = new int[BatchesPerEpoch][];
        int poolSize = (int)Math.Min((long)PoolBatches * BatchSize, Math.Max(n, 1));
        var scratch = new int[poolSize];
        var counts = new int[_maxLength + 1];
        int b = 0;
        for (int start = 0; start < n; start += poolSize)
        {
            var pool = order.AsSpan(start, Math.Min(poolSize, n - start));
            SortByLengths(pool, scratch, counts);
            for (int k = 0; k < pool.Length; k += BatchSize) batches[b++] = pool.Slice(k, Math.Min(BatchSize, pool.Length - k)).ToArray();
        }
        rng.Shuffle(batches.AsSpan()); // so batch lengths do not rise and fall in a sawtooth through the epoch
        return batches;
    }

    private static int[] EpochIndices(int count, IReadOnlyList<int>? copies)
    {
        if (copies is null) return Enumerable.Range(0, count).ToArray();
        if (copies.Count != count) throw new ArgumentException($"There are {count} examples but {copies.Count} copy counts.", nameof(copies));
        var indices = new List<int>(count);
        for (int i = 0; i < count; i++)
        {
            if (copies[i] < 1) throw new ArgumentOutOfRangeException(nameof(copies), copies[i], "Every example needs at least one copy.");
            for (int c = 0; c < copies[i]; c++) indices.Add(i);
        }
        return [.. indices];
    }

    // Sorts a pool by (target length, source length), keeping ties in their shuffled order: two stable counting
    // sorts, least significant key first. Stable by construction, so the result never depends on a library's
    // unstable-sort tie order (which could change between runtimes), and linear in the pool size.
    private void SortByLengths(Span<int> pool, int[] scratch, int[] counts)
    {
        CountingSort(pool, _sourceLengths, scratch, counts);
        CountingSort(pool, _targetLengths, scratch, counts);
    }

    private static void CountingSort(Span<int> pool, int[] keyOf, int[] scratch, int[] counts)
    {
        Array.Clear(counts);
        foreach (int i in pool) counts[keyOf[i]]++;
        for (int k = 0, start = 0; k < counts.Length; k++) (counts[k], start) = (start, start + counts[k]); // counts → first slot per key
        foreach (int i in pool) scratch[counts[keyOf[i]]++] = i;
        scratch.AsSpan(0, pool.Length).CopyTo(pool);
    }
}
