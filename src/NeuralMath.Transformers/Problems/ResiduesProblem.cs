using System.Globalization;
using NeuralMath.Configuration;
using NeuralMath.Numbers;
using NeuralMath.Tokenization;

namespace NeuralMath.Problems;

/// <summary>
/// Residues: n → n mod p for every prime p up to <c>problem.modulus</c> (default 31), ascending, e.g. 45 →
/// <c>1, 0, 0, 3, 1, 6, 11, 7, 22, 16, 14</c>. On its own it measures which divisibility rules a model learns from the
/// digits of a base; beside factorization (a multitask model with the same range and split) it is an auxiliary task
/// that supervises, for every training number, what a factorizer must know and the base does not show.
/// </summary>
/// <remarks>
/// Inputs, range, split keys and out-of-sample numbers are factorization's (<see cref="IntegerProblem"/>), so a
/// multitask model with both tasks and equal split settings holds the same numbers out of both. Answers are checked
/// exactly; one answer metric per prime counts how often the top answer gets that residue right (chance: 1/p).
/// </remarks>
public sealed class ResiduesProblem : IntegerProblem
{
    /// <summary>The registry name.</summary>
    public const string ProblemName = "residues";

    /// <summary>The operator between residues.</summary>
    public const string Comma = ",";

    /// <summary>The largest prime when <c>problem.modulus</c> is not set.</summary>
    public const long DefaultLargestPrime = 31;

    /// <summary>Reads the largest prime (<c>problem.modulus</c>, 2 to 997).</summary>
    public ResiduesProblem(ProblemOptions? options = null)
    {
        long largest = options?.Modulus ?? DefaultLargestPrime;
        if (largest is < 2 or > 997)
            throw new ArgumentOutOfRangeException("problem.modulus", string.Create(CultureInfo.InvariantCulture, $"problem.modulus (the largest prime of residues) must be in [2, 997], got {largest}."));
        Moduli = [.. Enumerable.Range(2, (int)largest - 1).Where(p => Primes.IsPrime(p)).Select(p => (long)p)];
        AnswerMetrics = [.. Moduli.Select((p, i) => new AnswerMetric(
            string.Create(CultureInfo.InvariantCulture, $"residueMod{p}"),
            string.Create(CultureInfo.InvariantCulture, $"n mod {p}"),
            string.Create(CultureInfo.InvariantCulture, $"top answer's residue mod {p} right"),
            (input, answer) => answer.Length == Moduli.Count && answer[i] == input[0] % p))];
    }

    /// <summary>The primes whose residues an answer lists, ascending.</summary>
    public IReadOnlyList<long> Moduli { get; }

    /// <inheritdoc />
    public override string Name => ProblemName;

    /// <inheritdoc />
    protected override string Separator => Comma;

    /// <summary>A comma and a space: <c>1, 0, 0</c>.</summary>
    protected override string SeparatorText => ", ";

    /// <inheritdoc />
    public override string Identity => string.Create(CultureInfo.InvariantCulture, $"{Name}/{Moduli[^1]}");

    /// <inheritdoc />
    public override IReadOnlyCollection<string> Settings => ["modulus"];

    /// <inheritdoc />
    public override long[] Solve(ReadOnlySpan<long> input)
    {
        long n = input[0];
        return [.. Moduli.Select(p => n % p)];
    }

    /// <summary>Reads a list of exactly one residue per prime; null otherwise.</summary>
    public override long[]? ParseAnswerBody(MathTokenizer tokenizer, ReadOnlySpan<int> body) =>
        base.ParseAnswerBody(tokenizer, body) is { } residues && residues.Length == Moduli.Count ? residues : null;

    /// <inheritdoc />
    public override Verdict Verify(ReadOnlySpan<long> input, ReadOnlySpan<long> answer) => new(answer.SequenceEqual(Solve(input)));

    /// <inheritdoc />
    public override IReadOnlyList<AnswerMetric> AnswerMetrics { get; }

    /// <inheritdoc />
    public override IReadOnlyList<MetricGroup> Groups { get; } = [new("smallestFactor", "smallest prime factor")];

    /// <inheritdoc />
    public override IEnumerable<(string Group, string Bucket)> MetricGroups(ReadOnlySpan<long> input) =>
        [("smallestFactor", FactorizationProblem.SmallestFactorBucket(input[0]))];

    /// <inheritdoc />
    public override long[] ExampleInput(long max) => [Math.Max(2, max / 2 - 1)];

    /// <inheritdoc />
    public override string DescribeRange(long max) => string.Create(CultureInfo.InvariantCulture, $"n in [2, {max}), mod the primes up to {Moduli[^1]}");

    /// <inheritdoc />
    public override long LabelMemoryBytes(long max) => max > 2 ? (long)Primes.SieveLimit * sizeof(int) : 0; // smallestFactor uses the shared sieve
}
