using System.Globalization;
using NeuralMath.Data;
using NeuralMath.Problems;
using NeuralMath.Tokenization;

namespace NeuralMath.Evaluation;

/// <summary>
/// The length-generalization grid of a two-operand problem: inputs chosen by the number of digits of each operand, in
/// the model's base (the number of tokens the model reads), so lengths never trained on can be tested cell by cell.
/// Its accuracies are the <see cref="Group"/> group of an <see cref="EvaluationReport"/>.
/// </summary>
public static class LengthGrid
{
    /// <summary>The metric group of the grid: bucket <c>AxB</c> holds the inputs whose a has A digits and b has B.</summary>
    public const string Group = "operandLengths";

    /// <summary>What the group's buckets mean, for reports.</summary>
    public const string Description = "digits of a × digits of b";

    /// <summary>Default seed of the grid's draws (any seed gives a fair sample; a fixed one makes runs comparable).</summary>
    public const ulong DefaultSeed = 16;

    /// <summary>The bucket of an input: its operands' digit counts in the tokenizer's base, e.g. <c>5x12</c>.</summary>
    public static string Bucket(MathTokenizer tokenizer, ReadOnlySpan<long> input)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        return string.Create(CultureInfo.InvariantCulture, $"{tokenizer.DigitCount(input[0])}x{tokenizer.DigitCount(input[1])}");
    }

    /// <summary>Reads a bucket name back into the two lengths; false for any other text.</summary>
    public static bool TryParseBucket(string bucket, out int a, out int b)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        a = b = 0;
        var parts = bucket.Split('x');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out a)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out b);
    }

    /// <summary>
    /// Inputs for every cell (A, B) with A and B in [<paramref name="from"/>, <paramref name="to"/>]: every valid pair of a
    /// cell with at most <paramref name="perCell"/> of them, otherwise <paramref name="perCell"/> distinct pairs drawn
    /// uniformly (a seeded, machine-independent draw per cell, so a cell's inputs do not depend on the grid's size).
    /// Lengths whose numbers pass int64 and inputs the problem rejects (a sum beyond int64, a gcd operand of 0) are left
    /// out. Cells in row order: a's length, then b's.
    /// </summary>
    public static List<long[]> Inputs(MathProblem problem, int numberBase, int from, int to, int perCell, ulong seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (problem.Tasks.Count > 0) throw new ArgumentException("The length grid needs a single two-operand problem, not a multitask one.", nameof(problem));
        if (problem.Arity != 2) throw new ArgumentException($"The length grid needs a two-operand problem; {problem.Name} takes {problem.Arity} integer(s).", nameof(problem));
        ArgumentOutOfRangeException.ThrowIfLessThan(numberBase, NumberBase.MinBase);
        ArgumentOutOfRangeException.ThrowIfLessThan(from, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(to, from);
        ArgumentOutOfRangeException.ThrowIfLessThan(perCell, 1);
        var inputs = new List<long[]>();
        for (int a = from; a <= to; a++)
            for (int b = from; b <= to; b++)
                if (Span(numberBase, a) is { } sa && Span(numberBase, b) is { } sb)
                    inputs.AddRange(Cell(problem, sa, sb, perCell, SplitMix64.Mix(seed ^ SplitMix64.Mix(((ulong)a << 32) | (uint)b))));
        return inputs;
    }

    /// <summary>The numbers with exactly <paramref name="length"/> digits, [base^(length−1), base^length − 1] (0 has one digit); null past int64.</summary>
    private static (long Low, long High)? Span(int numberBase, int length)
    {
        Int128 power = 1;                                                   // base^(length − 1)
        for (int i = 1; i < length; i++)
        {
            power *= numberBase;
            if (power > long.MaxValue) return null;
        }
        Int128 high = power * numberBase - 1;
        return high > long.MaxValue ? null : (length == 1 ? 0 : (long)power, (long)high);
    }

    private static IEnumerable<long[]> Cell(MathProblem problem, (long Low, long High) a, (long Low, long High) b, int perCell, ulong seed)
    {
        UInt128 size = (UInt128)(ulong)(a.High - a.Low + 1) * (ulong)(b.High - b.Low + 1);
        if (size <= (UInt128)perCell)
        {
            for (long x = a.Low; x <= a.High; x++)
                for (long y = b.Low; y <= b.High; y++)
                    if (problem.ValidateInput([x, y]) is null) yield return [x, y];
            yield break;
        }
        // Distinct draws; a cell mostly of invalid inputs gives up after 20 tries per input rather than loop.
        var rng = new SeededRandom(seed);
        var seen = new HashSet<(long, long)>();
        for (int tries = 0; seen.Count < perCell && tries < 20 * perCell; tries++)
        {
            long x = OperandSampling.Uniform(rng, a.Low, a.High), y = OperandSampling.Uniform(rng, b.Low, b.High);
            if (problem.ValidateInput([x, y]) is null && seen.Add((x, y))) yield return [x, y];
        }
    }
}
