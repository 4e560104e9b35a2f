using NeuralMath.Tokenization;

namespace NeuralMath.Decoding;

/// <summary>
/// Batched beam search over any <see cref="IStepDecoder"/>: many inputs × k beams advance together, one
/// cached decoder step per position.
/// </summary>
/// <remarks>
/// Per input and step, the 2k best (parent, token) extensions are selected with a bounded heap (no full sort).
/// Every extension among the 2k ending in <c>[EOS]</c> moves to that input's finished list (kept to the k best),
/// however it ranks against the live ones, and never occupies a live row again, so finished hypotheses are never extended (the reference gave them filler
/// continuations at −log 10⁴). Live hypotheses are distinct prefixes, so no sequence appears twice.
/// An input stops when k hypotheses have finished and no live one can still outrank the worst of them.
/// After Int2Int's <c>generate_beam</c> / <c>BeamHypotheses</c>, with finished hypotheses moved aside.
/// </remarks>
public static class BeamSearch
{
    /// <summary>
    /// Decodes every source; returns, per source, up to k hypotheses: finished ones best first, then (only to fill
    /// a list with fewer than k finished) those that ran out of positions, best first, whatever their score.
    /// </summary>
    public static IReadOnlyList<Hypothesis>[] Run(IStepDecoder decoder, IReadOnlyList<int[]> sources, BeamSearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int n = sources.Count, k = options.Beams, vocab = decoder.VocabularySize;
        int maxLength = Math.Min(options.MaxLength ?? int.MaxValue, decoder.MaxTargetLength - 1);
        var finished = new List<Hypothesis>[n];
        var live = new List<Live>[n];
        for (int i = 0; i < n; i++)
        {
            finished[i] = [];
            live[i] = [new Live(i, [], 0.0)];
        }
        if (n == 0) return [];

        using var session = decoder.Start(sources);
        var rows = Enumerable.Range(0, n).Select(i => live[i][0]).ToList();
        var tokens = Enumerable.Repeat(Vocabulary.StartId, n).ToArray();
        var logits = new float[n * vocab];
        var heap = new PriorityQueue<Candidate, double>();
        var candidates = new List<Candidate>(2 * k);

        for (int step = 0; step < maxLength && rows.Count > 0; step++)
        {
            if (logits.Length < rows.Count * vocab) logits = new float[rows.Count * vocab];
            session.Step(tokens, logits.AsSpan(0, rows.Count * vocab));
            for (int r = 0; r < rows.Count; r++) LogSoftmax(logits.AsSpan(r * vocab, vocab), options.Temperature);

            var nextRows = new List<Live>(rows.Count);
            var parents = new List<int>(rows.Count);
            bool lastStep = step == maxLength - 1;
            int r0 = 0;
            while (r0 < rows.Count)
            {
                int input = rows[r0].Input, r1 = r0;
                while (r1 < rows.Count && rows[r1].Input == input) r1++;
                SelectTop(rows, r0, r1, logits, vocab, 2 * k, heap, candidates);

                var kept = new List<Live>(k);
                // Every candidate is visited, not only those up to the k-th live one: a completion ranked below
                // the kept live rows can still be among the k best finished (Int2Int drops it).
                foreach (var c in candidates)
                {
                    var parent = rows[c.Row];
                    if (c.Token == Vocabulary.EndId)
                        AddFinished(finished[input], Extend(parent.Tokens, c.Token), c.LogProbability, true, k, options.LengthPenalty);
                    else if (kept.Count < k)
                        kept.Add(new Live(input, Extend(parent.Tokens, c.Token), c.LogProbability) { Parent = c.Row });
                }

                if (lastStep || IsDone(finished[input], kept, k, maxLength, options.LengthPenalty))
                {
                    // Out of length: unfinished hypotheses are returned only to fill an otherwise short list.
                    if (lastStep)
                        foreach (var h in kept) AddFinished(finished[input], h.Tokens, h.LogProbability, false, k, options.LengthPenalty);
                }
                else
                {
                    foreach (var h in kept)
                    {
                        nextRows.Add(h);
                        parents.Add(h.Parent);
                    }
                }
                r0 = r1;
            }

            bool inputsUnchanged = SameInputs(rows, nextRows);
            rows = nextRows;
            if (rows.Count == 0) break;
            session.Reorder(parents.ToArray(), inputsUnchanged);
            tokens = rows.Select(h => h.Tokens[^1]).ToArray();
        }

        var results = new IReadOnlyList<Hypothesis>[n];
        for (int i = 0; i < n; i++)
            results[i] = finished[i].OrderByDescending(h => h.Finished).ThenByDescending(h => h.Score).Take(k).ToArray();
        return results;
    }

    /// <summary>In-place log-softmax of one row of logits at a temperature.</summary>
    private static void LogSoftmax(Span<float> row, double temperature)
    {
        double max = double.NegativeInfinity;
        foreach (var x in row) max = Math.Max(max, x / temperature);
        double sum = 0;
        foreach (var x in row) sum += Math.Exp(x / temperature - max);
        double logZ = max + Math.Log(sum);
        for (int i = 0; i < row.Length; i++) row[i] = (float)(row[i] / temperature - logZ);
    }

    /// <summary>The <paramref name="count"/> best extensions of rows [r0, r1), best first, into <paramref name="result"/>.</summary>
    private static void SelectTop(List<Live> rows, int r0, int r1, float[] logProbs, int vocab, int count,
        PriorityQueue<Candidate, double> heap, List<Candidate> result)
    {
        heap.Clear();
        for (int r = r0; r < r1; r++)
        {
            double baseLp = rows[r].LogProbability;
            int offset = r * vocab;
            for (int w = 0; w < vocab; w++)
            {
                // [PAD] and [SOS] are never generated.
                if (w == Vocabulary.PadId || w == Vocabulary.StartId) continue;
                double lp = baseLp + logProbs[offset + w];
                if (double.IsNegativeInfinity(lp) || double.IsNaN(lp)) continue;
                if (heap.Count < count) heap.Enqueue(new Candidate(r, w, lp), lp);
                else if (lp > heap.Peek().LogProbability) heap.EnqueueDequeue(new Candidate(r, w, lp), lp);
            }
        }
        result.Clear();
        while (heap.Count > 0) result.Add(heap.Dequeue());
        result.Reverse();
    }

    private static void AddFinished(List<Hypothesis> list, int[] tokens, double logProbability, bool isFinished, int k, double lengthPenalty)
    {
        double score = logProbability / Math.Pow(tokens.Length, lengthPenalty);
        list.Add(new Hypothesis(tokens, logProbability, score, isFinished));
        if (list.Count > k)
        {
            // Keep the k best; unfinished ones rank below every finished one.
            list.Sort((a, b) => a.Finished != b.Finished ? b.Finished.CompareTo(a.Finished) : b.Score.CompareTo(a.Score));
            list.RemoveAt(list.Count - 1);
        }
    }

    private static bool IsDone(List<Hypothesis> finished, List<Live> live, int k, int maxLength, double lengthPenalty)
    {
        if (live.Count == 0) return true;
        if (finished.Count < k) return false;
        double worst = finished.Min(h => h.Score);
        // Log-probabilities only fall as a hypothesis grows; its best possible score depends on α.
        double bestLive = live.Max(h => Math.Max(
            h.LogProbability / Math.Pow(h.Tokens.Length + 1, lengthPenalty),
            h.LogProbability / Math.Pow(maxLength, lengthPenalty)));
        return bestLive <= worst;
    }

    /// <summary>
    /// True when row i of <paramref name="after"/> belongs to the same input as row i of <paramref name="before"/>, for
    /// every row: then only hypotheses moved, and the decoder keeps its per-input state (see <see cref="IDecodingSession.Reorder"/>).
    /// </summary>
    private static bool SameInputs(List<Live> before, List<Live> after)
    {
        if (before.Count != after.Count) return false;
        for (int i = 0; i < before.Count; i++)
            if (before[i].Input != after[i].Input) return false;
        return true;
    }

    private static int[] Extend(int[] tokens, int token)
    {
        var next = new int[tokens.Length + 1];
        tokens.CopyTo(next, 0);
        next[^1] = token;
        return next;
    }

    private sealed record Live(int Input, int[] Tokens, double LogProbability)
    {
        public int Parent { get; init; }
    }

    private readonly record struct Candidate(int Row, int Token, double LogProbability);
}
