using System.Buffers;
using System.Collections.Concurrent;
using NeuralMath.Problems;
using NeuralMath.Tokenization;

namespace NeuralMath.Data;

/// <summary>
/// Inputs with their framed source and target token sequences (<c>[SOS] ... [EOS]</c>), labelled exactly.
/// </summary>
internal sealed class EncodedDataset
{
    /// <summary>Creates a dataset from parallel arrays.</summary>
    public EncodedDataset(long[][] inputs, int[][] sources, int[][] targets)
    {
        if (inputs.Length != sources.Length || inputs.Length != targets.Length)
            throw new ArgumentException("inputs, sources and targets must have the same length.");
        Inputs = inputs;
        Sources = sources;
        Targets = targets;
    }

    /// <summary>The problem inputs, e.g. [n] or [a, b].</summary>
    public long[][] Inputs { get; }

    /// <summary>Framed source sequences.</summary>
    public int[][] Sources { get; }

    /// <summary>Framed target sequences (the exact answers).</summary>
    public int[][] Targets { get; }

    /// <summary>Number of examples.</summary>
    public int Count => Inputs.Length;

    /// <summary>
    /// Encodes inputs: solves each exactly (factorization labels come from a smallest-prime-factor sieve),
    /// frames sources and targets. Runs in parallel; the order of <paramref name="inputs"/> is kept.
    /// </summary>
    public static EncodedDataset Build(MathProblem problem, MathTokenizer tokenizer, IEnumerable<long[]> inputs)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(inputs);
        var all = inputs.ToArray();
        // Validate serially first: a bad input fails with its index and message, not inside an AggregateException.
        for (int i = 0; i < all.Length; i++)
        {
            if (all[i] is null) throw new ArgumentException($"Input {i} is null.", nameof(inputs));
            if (problem.ValidateInput(all[i]) is { } error)
                throw new ArgumentException($"Input {i} ({string.Join(", ", all[i])}) is invalid for {problem.Name}: {error}", nameof(inputs));
        }

        var sources = new int[all.Length][];
        var targets = new int[all.Length][];
        if (all.Length == 0) return new EncodedDataset(all, sources, targets); // Partitioner rejects an empty range
        // Chunks, not one task per index: the per-item work is tiny, so scheduling would dominate.
        Parallel.ForEach(Partitioner.Create(0, all.Length, ChunkSize), range =>
            EncodeChunk(problem, tokenizer, all, sources, targets, range.Item1, range.Item2));
        return new EncodedDataset(all, sources, targets);
    }

    // Examples per parallel chunk: large enough that a chunk's final arrays fill whole GC regions.
    private const int ChunkSize = 1 << 16;

    /// <summary>
    /// Encodes inputs [from, to) in two passes: first into a pooled scratch buffer, then into the final arrays,
    /// allocated back to back. Why: millions of long-lived small arrays scattered among the encoders' temporaries
    /// make every GC copy them one by one; packed densely they are promoted far more cheaply (measured on the
    /// 2^22 factorization range: GC pauses 2-3x shorter, the whole build about 40% faster).
    /// </summary>
    private static void EncodeChunk(MathProblem problem, MathTokenizer tokenizer, long[][] inputs, int[][] sources, int[][] targets, int from, int to)
    {
        int count = to - from;
        var ends = ArrayPool<int>.Shared.Rent(2 * count); // ends[2i], ends[2i+1]: where source i and target i end
        var scratch = ArrayPool<int>.Shared.Rent(16 * count);
        int used = 0;
        try
        {
            for (int i = 0; i < count; i++)
            {
                var input = inputs[from + i];
                var answer = problem.Solve(input);
                Append(ref scratch, ref used, MathTokenizer.Frame(problem.EncodeInput(tokenizer, input)));
                ends[2 * i] = used;
                Append(ref scratch, ref used, MathTokenizer.Frame(problem.EncodeAnswer(tokenizer, answer)));
                ends[2 * i + 1] = used;
            }
            for (int i = 0, start = 0; i < count; i++)
            {
                sources[from + i] = scratch.AsSpan(start, ends[2 * i] - start).ToArray();
                targets[from + i] = scratch.AsSpan(ends[2 * i], ends[2 * i + 1] - ends[2 * i]).ToArray();
                start = ends[2 * i + 1];
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ends);
            ArrayPool<int>.Shared.Return(scratch);
        }
    }

    private static void Append(ref int[] buffer, ref int used, int[] ids)
    {
        if (used + ids.Length > buffer.Length)
        {
            var bigger = ArrayPool<int>.Shared.Rent(Math.Max(2 * buffer.Length, used + ids.Length));
            buffer.AsSpan(0, used).CopyTo(bigger);
            ArrayPool<int>.Shared.Return(buffer);
            buffer = bigger;
        }
        ids.CopyTo(buffer, used);
        used += ids.Length;
    }
}
