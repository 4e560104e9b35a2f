using System.Globalization;
using NeuralMath.Numbers;
using NeuralMath.Tokenization;

namespace NeuralMath.Problems;

/// <summary>
/// Integer factorization: n → its prime factors, ascending, with multiplicity.
/// </summary>
/// <remarks>
/// Worked example, base 30, most-significant digit first: n = 45 = 1·30 + 15.
/// Source <c>[SOS] 1 15 [EOS]</c>; target <c>[SOS] 3 * 3 * 5 [EOS]</c>.
/// A prime p is answered with itself (<c>[SOS] p [EOS]</c>), which is why a composite answered with
/// itself counts as an "echo": the model called it prime.
/// An answer is correct when the product of its factors is n and every factor is prime; order and
/// multiplicity are implied by that (any multiset of primes with product n is the factorization).
/// </remarks>
public sealed class FactorizationProblem : IntegerProblem
{
    /// <summary>The registry name.</summary>
    public const string ProblemName = "factorization";

    /// <summary>The operator between factors.</summary>
    public const string Times = "*";

    /// <inheritdoc />
    public override string Name => ProblemName;

    /// <inheritdoc />
    protected override string Separator => Times;

    /// <inheritdoc />
    protected override string BelowTwo(long n) => string.Create(CultureInfo.InvariantCulture, $"{n} has no prime factorization: give an integer ≥ 2.");

    /// <inheritdoc />
    public override long[] Solve(ReadOnlySpan<long> input) => Primes.Factorize(input[0]);

    /// <inheritdoc />
    public override Verdict Verify(ReadOnlySpan<long> input, ReadOnlySpan<long> answer) => new(IsFactorization(input[0], answer));

    private static bool IsFactorization(long n, ReadOnlySpan<long> factors)
    {
        if (!ProductIs(n, factors)) return false;
        foreach (var f in factors)
            if (!Primes.IsPrime(f)) return false;
        return true;
    }

    // The factors are all ≥ 2 and multiply to n; multiplied with overflow checks, so a product past n (or past int64) is simply wrong.
    private static bool ProductIs(long n, ReadOnlySpan<long> factors)
    {
        if (factors.IsEmpty) return false;
        long product = 1;
        foreach (var f in factors)
        {
            if (f < 2 || product > n / f) return false;
            product *= f;
        }
        return product == n;
    }

    /// <inheritdoc />
    public override IReadOnlyList<AnswerMetric> AnswerMetrics { get; } =
    [
        new("correctProduct", "correct product", "top beam; primes or not", (input, answer) => ProductIs(input[0], answer)),
        new("correctFactorization", "correct factorization", "product n, every factor prime: top-1", (input, answer) => IsFactorization(input[0], answer)),
        new("echoRate", "echo rate", "composites answered as prime", (input, answer) => answer is [var only] && only == input[0])
        {
            AppliesTo = input => !Primes.IsPrime(input[0]),
        },
    ];

    /// <inheritdoc />
    public override IReadOnlyList<MetricGroup> Groups { get; } =
    [
        new("factorCount", "number of prime factors (with multiplicity)") { ReportField = "byFactorCount" },
        new("smallestFactor", "smallest prime factor"),
    ];

    /// <inheritdoc />
    public override IEnumerable<(string Group, string Bucket)> MetricGroups(ReadOnlySpan<long> input)
    {
        var factors = Solve(input);
        return
        [
            ("factorCount", factors.Length.ToString(CultureInfo.InvariantCulture)),
            ("smallestFactor", SmallestFactorBucket(factors)),
        ];
    }

    /// <summary>The smallest-factor bucket of n (<c>prime</c> for a prime), as <c>smallestFactor</c> groups it.</summary>
    internal static string SmallestFactorBucket(long n) => SmallestFactorBucket(Primes.Factorize(n));

    private static string SmallestFactorBucket(long[] factors) => factors.Length == 1 ? "prime" : FactorBucket(factors[0]);

    private static string FactorBucket(long p) => p switch
    {
        2 or 3 or 5 or 7 => p.ToString(CultureInfo.InvariantCulture),
        <= 29 => "11-29",
        <= 97 => "31-97",
        <= 997 => "101-997",
        _ => ">=1009",
    };

    /// <inheritdoc />
    public override long[] ExampleInput(long max)
    {
        // Three prime factors: a short answer that still shows the model separating factors.
        long n = Math.Max(8, max / 2);
        while (n < max - 1 && Primes.Factorize(n).Length != 3) n++;
        return [n];
    }

    /// <inheritdoc />
    public override long LabelMemoryBytes(long max) => max > 2 ? (long)Primes.SieveLimit * sizeof(int) : 0; // the shared sieve below 2^24
}
