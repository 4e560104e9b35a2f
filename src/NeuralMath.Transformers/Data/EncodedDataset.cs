using System.Collections.Concurrent;
using NeuralMath.Problems;
using NeuralMath.Tokenization;

namespace NeuralMath.Data;

/// <summary>
/// Inputs with their framed source and target token sequences (<c>[SOS] ... [EOS]</c>), labelled exactly.
/// </summary>
public sealed class EncodedDataset
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
        // Range partitions (not one task per index): the per-item work is tiny, so scheduling would dominate.
        Parallel.ForEach(Partitioner.Create(0, all.Length, Math.Max(1024, all.Length / (8 * Environment.ProcessorCount) + 1)), range =>
        {
            for (int i = range.Item1; i < range.Item2; i++)
            {
                var answer = problem.Solve(all[i]);
                sources[i] = MathTokenizer.Frame(problem.EncodeInput(tokenizer, all[i]));
                targets[i] = MathTokenizer.Frame(problem.EncodeAnswer(tokenizer, answer));
            }
        });
        return new EncodedDataset(all, sources, targets);
    }
}
