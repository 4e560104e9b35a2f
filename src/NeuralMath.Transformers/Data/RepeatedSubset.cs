namespace NeuralMath.Data;

/// <summary>
/// "Two-set training" (Charton and Kempe 2024, "Emergent properties with repeated examples"): a small subset of the
/// training inputs, fixed by the seed, fills a fraction of every batch, so those inputs are seen far more often than
/// the rest. Which subset input fills which slot is a pure function of (seed, step, micro-batch), so a resumed run
/// draws exactly what an uninterrupted one would.
/// </summary>
/// <remarks>
/// The subset is walked in passes: each pass visits every subset input once in its own shuffled order, so repetitions
/// are even. The slots are the last ones of each batch; the stream inputs they replace are skipped for that epoch
/// (epochs are shuffled anew, so which ones is random).
/// </remarks>
internal sealed class RepeatedSubset
{
    private readonly int[] _subset;
    private readonly ulong _seed;
    private readonly double _fraction;
    private readonly int _accumulation;
    private readonly int _slotsPerBatch;
    private (long Pass, int[] Order) _pass = (-1, []);

    /// <param name="trainCount">Inputs in the training set.</param>
    /// <param name="size">Inputs in the repeated subset (at most <paramref name="trainCount"/>).</param>
    /// <param name="fraction">Share of each batch taken from the subset, in (0, 1).</param>
    /// <param name="batchSize">Examples per micro-batch.</param>
    /// <param name="accumulation">Micro-batches per optimizer step.</param>
    /// <param name="seed">The run's seed.</param>
    public RepeatedSubset(int trainCount, int size, double fraction, int batchSize, int accumulation, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, trainCount);
        if (fraction is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "must be in (0, 1)");
        _seed = seed;
        _fraction = fraction;
        _accumulation = accumulation;
        _slotsPerBatch = (int)Math.Round(fraction * batchSize);
        // A stream the batcher's epochs never use (they use the epoch number).
        var all = Enumerable.Range(0, trainCount).ToArray();
        new SeededRandom(seed, ulong.MaxValue).Shuffle(all.AsSpan());
        _subset = all[..size];
    }

    /// <summary>The subset's inputs (indices into the training set).</summary>
    public IReadOnlyList<int> Inputs => _subset;

    /// <summary>
    /// <paramref name="batch"/> (micro-batch <paramref name="micro"/> of step <paramref name="step"/>) with its last
    /// round(fraction × length) slots filled from the subset, in a new array.
    /// </summary>
    public int[] Fill(int[] batch, int step, int micro)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var filled = (int[])batch.Clone();
        int slots = (int)Math.Round(_fraction * batch.Length);
        // Draw k of the whole run: every full-size micro-batch before this one used _slotsPerBatch draws.
        long draw = ((long)step * _accumulation + micro) * _slotsPerBatch;
        for (int i = 0; i < slots; i++, draw++)
        {
            long pass = draw / _subset.Length;
            if (pass != _pass.Pass)
            {
                var order = (int[])_subset.Clone();
                new SeededRandom(_seed ^ 0x5EED_2_5E7UL, (ulong)pass).Shuffle(order.AsSpan());
                _pass = (pass, order);
            }
            filled[batch.Length - slots + i] = _pass.Order[draw % _subset.Length];
        }
        return filled;
    }
}
