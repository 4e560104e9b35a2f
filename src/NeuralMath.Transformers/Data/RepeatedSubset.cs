namespace NeuralMath.Data;

/// <summary>
/// "Two-set training" (Charton and Kempe 2024, "Emergent properties with repeated examples"): a small subset of the
/// training inputs, fixed by the seed, fills a fraction of every batch, so those inputs are seen far more often than
/// the rest. Which subset input fills which slot is a pure function of (seed, micro-batch index), so a resumed run
/// draws exactly what an uninterrupted one would.
/// </summary>
/// <remarks>
/// The subset is walked in passes: each pass visits every subset input once in its own shuffled order, so repetitions
/// are even. Micro-batch m owns draws [m·k, (m+1)·k) of that walk (k slots per full batch), appended after its stream
/// inputs: the epoch stream is cut into batches of (batch size − k), so every training input is still seen once per
/// epoch and none is displaced. (An earlier version overwrote the last k stream inputs of each batch; batches are
/// sorted by length, so it dropped the longest inputs of every batch from the stream, every epoch.) Batches are filled
/// a block at a time: the block's draws are sorted by length and handed out in the order of the batches' own lengths,
/// so the subset's inputs join batches of similar length. Filled one by one, they would stretch every length-bucketed
/// batch to the longest lengths and pad it (measured: 0.255 s per step instead of 0.17). A subset smaller than a
/// block's draws is matched a group of batches at a time, each group drawing at most one pass: sorted over the whole
/// block, the copies of one input would sit side by side and crowd into one batch.
/// </remarks>
internal sealed class RepeatedSubset
{
    private readonly int[] _subset;
    private readonly ulong _seed;
    private (long Pass, int[] Order) _pass = (-1, []);

    /// <param name="trainCount">Inputs in the training set.</param>
    /// <param name="size">Inputs in the repeated subset (at most <paramref name="trainCount"/>).</param>
    /// <param name="fraction">Share of each batch taken from the subset, in (0, 1).</param>
    /// <param name="batchSize">Examples per micro-batch.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="choice">Which inputs form the subset: seeded random ones, or the first <paramref name="size"/>.</param>
    public RepeatedSubset(int trainCount, int size, double fraction, int batchSize, ulong seed, RepeatedChoice choice = RepeatedChoice.Random)
        : this(Enumerable.Range(0, trainCount).ToArray(), size, fraction, batchSize, seed, choice)
    {
    }

    /// <param name="candidates">The training inputs the subset is chosen from (indices into the training set, in the
    /// problem's order), e.g. those in the buckets of <c>training.repeatedFrom</c>.</param>
    /// <param name="size">Inputs in the repeated subset (at most as many as <paramref name="candidates"/>).</param>
    /// <param name="fraction">Share of each batch taken from the subset, in (0, 1).</param>
    /// <param name="batchSize">Examples per micro-batch.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="choice">Which candidates form the subset: seeded random ones, or the first <paramref name="size"/>.</param>
    public RepeatedSubset(IReadOnlyList<int> candidates, int size, double fraction, int batchSize, ulong seed, RepeatedChoice choice = RepeatedChoice.Random)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, candidates.Count);
        if (fraction is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "must be in (0, 1)");
        _seed = seed;
        SlotsPerBatch = SlotsFor(fraction, batchSize);
        if (SlotsPerBatch < 1 || SlotsPerBatch >= batchSize)
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, $"round({fraction} × batch size {batchSize}) = {SlotsPerBatch} subset slots per batch; it must leave at least one slot to the subset and one to the stream.");
        StreamBatchSize = batchSize - SlotsPerBatch;
        var all = candidates.ToArray();
        // A stream the batcher's epochs never use (they use the epoch number).
        if (choice == RepeatedChoice.Random) new SeededRandom(seed, ulong.MaxValue).Shuffle(all.AsSpan());
        _subset = all[..size];
    }

    /// <summary>The subset's inputs (indices into the training set).</summary>
    public IReadOnlyList<int> Inputs => _subset;

    /// <summary>Subset slots in a full-size micro-batch: round(fraction × batch size).</summary>
    public int SlotsPerBatch { get; }

    /// <summary>Stream inputs in a full-size micro-batch: batch size − <see cref="SlotsPerBatch"/>; the epoch stream is cut into batches of this size.</summary>
    public int StreamBatchSize { get; }

    /// <summary>Subset slots per micro-batch of <paramref name="batchSize"/> for <paramref name="fraction"/>: round(fraction × batch size).</summary>
    public static int SlotsFor(double fraction, int batchSize) => (int)Math.Round(fraction * batchSize);

    /// <summary>
    /// The consecutive stream micro-batches <paramref name="batches"/> (global micro-batch indices from
    /// <paramref name="firstMicro"/>, each of at most <see cref="StreamBatchSize"/> inputs), each followed by its subset
    /// draws, in new arrays: <see cref="SlotsPerBatch"/> for a full batch, proportionally fewer for a short one.
    /// <paramref name="lengthKey"/> orders training inputs by length (e.g. target length, then source length).
    /// </summary>
    public int[][] Fill(IReadOnlyList<int[]> batches, long firstMicro, Func<int, long> lengthKey)
    {
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentNullException.ThrowIfNull(lengthKey);
        var filled = new int[batches.Count][];
        // Batches are matched to draws a group at a time; a group draws at most one subset's worth, so no input is drawn
        // more than twice in it (once either side of a pass boundary).
        int group = Math.Clamp(_subset.Length / SlotsPerBatch, 1, Math.Max(batches.Count, 1));
        for (int first = 0; first < batches.Count; first += group)
            FillGroup(batches, first, Math.Min(group, batches.Count - first), firstMicro, lengthKey, filled);
        return filled;
    }

    private void FillGroup(IReadOnlyList<int[]> batches, int first, int count, long firstMicro, Func<int, long> lengthKey, int[][] filled)
    {
        // The group's draws, shortest first (OrderBy is stable: ties keep their draw order); its batches ranked by their
        // longest stream input (ties by position).
        var draws = new int[count * SlotsPerBatch];
        for (int i = 0; i < draws.Length; i++) draws[i] = Draw((firstMicro + first) * SlotsPerBatch + i);
        var sortedDraws = draws.OrderBy(lengthKey).ToArray();
        var rank = Enumerable.Range(first, count)
            .OrderBy(b => batches[b].Length == 0 ? long.MinValue : batches[b].Max(lengthKey)).ToArray();
        for (int r = 0; r < rank.Length; r++)
        {
            var batch = batches[rank[r]];
            if (batch.Length > StreamBatchSize)
                throw new ArgumentException($"A stream batch has {batch.Length} inputs; at most {StreamBatchSize} leave room for the subset.", nameof(batches));
            // A short batch keeps the subset's share of the batch; the rest of its draws go unused.
            int slots = batch.Length == StreamBatchSize ? SlotsPerBatch : (int)Math.Round((double)batch.Length * SlotsPerBatch / StreamBatchSize);
            filled[rank[r]] = [.. batch, .. sortedDraws.AsSpan(r * SlotsPerBatch, slots)];
        }
    }

    // Draw k of the whole run: pass k / size, in that pass's shuffled order.
    private int Draw(long k)
    {
        long pass = k / _subset.Length;
        if (pass != _pass.Pass)
        {
            var order = (int[])_subset.Clone();
            new SeededRandom(_seed ^ 0x5EED_2_5E7UL, (ulong)pass).Shuffle(order.AsSpan());
            _pass = (pass, order);
        }
        return _pass.Order[k % _subset.Length];
    }
}
