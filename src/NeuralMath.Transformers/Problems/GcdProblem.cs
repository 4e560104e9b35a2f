using System.Globalization;
using NeuralMath.Configuration;
using NeuralMath.Data;

namespace NeuralMath.Problems;

/// <summary>
/// Greatest common divisor of two positive integers: (a, b) → gcd(a, b), as in Charton's "Learning the greatest
/// common divisor" (2023).
/// </summary>
/// <remarks>
/// Text: <c>gcd(12,18)</c>, or just <c>12,18</c>; answers are written <c>6</c>. Tokens: the operands with the one
/// token <c>gcd</c> between them, <c>[SOS] 1 2 gcd 1 8 [EOS]</c> → <c>[SOS] 6 [EOS]</c>: a separator that no other
/// problem writes, so a model trained on several problems can tell this one apart. Operands are in [1, max]; for large
/// max the in-range pairs are a seeded sample (see <see cref="TwoOperandProblem"/>). Metrics group by the true gcd,
/// 1 to 100 one by one and then by powers of ten, since which gcds a model learns is the result that matters; the
/// <c>commonDivisor</c> rate counts top answers that divide both operands (the right gcd or a divisor of it).
/// Distributions: uniform, logUniform, and balanced (every gcd bucket equally often: a bucket, a gcd in it, then a
/// uniform coprime pair scaled by it).
/// </remarks>
public sealed class GcdProblem(ProblemOptions? options = null) : TwoOperandProblem(options)
{
    /// <summary>The registry name.</summary>
    public const string ProblemName = "gcd";

    /// <summary>The separator token between the operands.</summary>
    public const string Separator = "gcd";

    // gcds up to this are buckets of their own; above it, buckets are (10^k, 10^(k+1)].
    private const long SingleBuckets = 100;

    // The stream of the stratified evaluation draws, and the class size below which its pairs are enumerated.
    private const ulong StratifiedStream = 0x57A7;
    private const long EnumerationLimit = 1L << 20;

    /// <inheritdoc />
    public override string Name => ProblemName;

    /// <inheritdoc />
    protected override string Operator => Separator;

    /// <inheritdoc />
    protected override string Noun => "a gcd";

    /// <inheritdoc />
    protected override string Pattern => "gcd(a,b)";

    /// <inheritdoc />
    protected override long OperandLow => 1;

    /// <inheritdoc />
    public override IReadOnlyList<OperandDistribution> Distributions =>
        [OperandDistribution.Uniform, OperandDistribution.LogUniform, OperandDistribution.Balanced];

    /// <inheritdoc />
    protected override long Apply(long a, long b) => Gcd(a, b);

    /// <summary>Euclid's algorithm on non-negative integers.</summary>
    public static long Gcd(long a, long b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }

    /// <inheritdoc />
    public override string FormatInput(ReadOnlySpan<long> input) => string.Create(CultureInfo.InvariantCulture, $"gcd({input[0]},{input[1]})");

    /// <inheritdoc />
    protected override bool TrySplitOperands(string text, out string left, out string right)
    {
        ArgumentNullException.ThrowIfNull(text);
        (left, right) = ("", "");
        if (text.StartsWith(Separator, StringComparison.Ordinal))
        {
            if (!text.StartsWith("gcd(", StringComparison.Ordinal) || !text.EndsWith(')')) return false;
            text = text[4..^1];
        }
        var parts = text.Split(',');
        if (parts.Length != 2) return false;
        (left, right) = (parts[0], parts[1]);
        return true;
    }

    /// <inheritdoc />
    public override IReadOnlyList<MetricGroup> Groups =>
        [new("gcd", "gcd(a, b): 1 to 100 one by one, then (10^k, 10^(k+1)]") { AnswerClasses = true }, .. base.Groups];

    /// <inheritdoc />
    public override IEnumerable<(string Group, string Bucket)> MetricGroups(ReadOnlySpan<long> input) =>
        [("gcd", GcdBucket(Gcd(input[0], input[1]))), .. base.MetricGroups(input)];

    /// <summary>The metric bucket of a gcd: "1" … "100", then "101-1000", "1001-10000", ….</summary>
    public static string GcdBucket(long g)
    {
        if (g <= SingleBuckets) return g.ToString(CultureInfo.InvariantCulture);
        ulong top = 1000;
        while ((ulong)g > top) top *= 10;
        return string.Create(CultureInfo.InvariantCulture, $"{top / 10 + 1}-{top}");
    }

    /// <summary>
    /// Up to <paramref name="perClass"/> kept pairs for each gcd g from 1 to 100 (as Charton's stratified test set):
    /// pairs (g·u, g·v) with u, v ≤ max / g coprime, uniform among them. A class with at most 2^20 such (u, v) is
    /// enumerated and thinned evenly; a larger one is drawn by seeded rejection. Classes are in order of g.
    /// </summary>
    public override IEnumerable<long[]> StratifiedInputs(long max, int perClass, Func<long[], bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        ArgumentOutOfRangeException.ThrowIfLessThan(perClass, 1);
        long hi = OperandHigh(max);
        return Enumerable.Range(1, (int)Math.Min(SingleBuckets, hi)).SelectMany(g => ClassInputs(g, hi / g, perClass, keep));
    }

    private IEnumerable<long[]> ClassInputs(long g, long m, int perClass, Func<long[], bool> keep)
    {
        if (m * m <= EnumerationLimit)
        {
            var all = new List<long[]>();
            for (long u = 1; u <= m; u++)
                for (long v = 1; v <= m; v++)
                    if (Gcd(u, v) == 1 && keep([g * u, g * v])) all.Add([g * u, g * v]);
            return all.Count <= perClass ? all : Enumerable.Range(0, perClass).Select(i => all[(int)((long)i * all.Count / perClass)]);
        }
        // Coprime pairs are 61% of all and the kept split a fixed share: bounded work for any split but an empty one.
        return OperandSampling.DistinctPairs(OperandSampling.Draws(StreamSeed(StratifiedStream ^ (ulong)g << 8), (long)perClass * 10_000,
                rng => [OperandSampling.Uniform(rng, 1, m), OperandSampling.Uniform(rng, 1, m)])
            .Where(p => Gcd(p[0], p[1]) == 1).Select(p => new[] { g * p[0], g * p[1] }).Where(keep)).Take(perClass);
    }

    /// <inheritdoc />
    public override IReadOnlyList<AnswerMetric> AnswerMetrics { get; } =
    [
        new("commonDivisor", "common divisor", "top answer divides a and b: the gcd or a divisor of it",
            (input, answer) => answer is [var d] && d >= 1 && input[0] % d == 0 && input[1] % d == 0),
    ];

    /// <inheritdoc />
    public override long[] ExampleInput(long max)
    {
        // gcd 6: a small composite answer that is not one of the operands.
        long x = Math.Max(1, max / 18);
        return 6 * (x + 1) <= max ? [6 * x, 6 * (x + 1)] : [2, 4];
    }

    /// <inheritdoc />
    private protected override long[] Draw(SeededRandom rng, OperandDistribution distribution, long lo, long hi)
    {
        if (distribution != OperandDistribution.Balanced) return base.Draw(rng, distribution, lo, hi);
        var (from, to) = BalancedBucket(rng.NextInt(BucketCount(hi)), hi);
        long g = OperandSampling.Uniform(rng, from, to), m = hi / g;
        while (true)
        {
            long u = OperandSampling.Uniform(rng, 1, m), v = OperandSampling.Uniform(rng, 1, m);
            if (Gcd(u, v) == 1) return [g * u, g * v];
        }
    }

    // The gcd buckets that hold a value ≤ hi: the single values, then one per power of ten below hi.
    private static int BucketCount(long hi)
    {
        int count = (int)Math.Min(hi, SingleBuckets);
        for (ulong bottom = 100; bottom < (ulong)hi; bottom *= 10) count++;
        return count;
    }

    // Bucket i as a range of gcds, clipped to hi.
    private static (long From, long To) BalancedBucket(int i, long hi)
    {
        if (i < SingleBuckets) return (i + 1, i + 1);
        ulong bottom = 100;
        for (int k = (int)SingleBuckets; k < i; k++) bottom *= 10;
        return ((long)bottom + 1, (long)Math.Min((ulong)hi, bottom * 10));
    }
}
