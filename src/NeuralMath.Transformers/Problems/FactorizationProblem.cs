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
public sealed class FactorizationProblem : MathProblem
{
    /// <summary>The registry name.</summary>
    public const string ProblemName = "factorization";

    /// <summary>The operator between factors.</summary>
    public const string Times = "*";

    /// <inheritdoc />
    public override string Name => ProblemName;

    /// <inheritdoc />
    public override IReadOnlyList<string> Operators { get; } = [Times];

    /// <inheritdoc />
    public override int Arity => 1;

    /// <inheritdoc />
    public override string? ValidateInput(ReadOnlySpan<long> input) =>
        input.Length != 1 ? $"factorization takes one integer, got {input.Length}."
        : input[0] < 2 ? $"{input[0]} has no prime factorization: give an integer ≥ 2."
        : null;

    /// <inheritdoc />
    public override long[] Solve(ReadOnlySpan<long> input) => Primes.Factorize(input[0]);

    /// <inheritdoc />
    public override int[] EncodeInput(MathTokenizer tokenizer, ReadOnlySpan<long> input) => tokenizer.EncodeNumber(input[0]);

    /// <inheritdoc />
    public override int[] EncodeAnswer(MathTokenizer tokenizer, ReadOnlySpan<long> answer)
    {
        var ids = new List<int>(answer.Length * 4);
        int times = tokenizer.Vocabulary.IdOf(Times);
        for (int i = 0; i < answer.Length; i++)
        {
            if (i > 0) ids.Add(times);
            tokenizer.WriteNumber(ids, answer[i]);
        }
        return [.. ids];
    }

    /// <inheritdoc />
    public override long[]? ParseAnswerBody(MathTokenizer tokenizer, ReadOnlySpan<int> body)
    {
        var parts = SplitAt(body, tokenizer.Vocabulary.IdOf(Times));
        var factors = new long[parts.Count];
        for (int i = 0; i < parts.Count; i++)
            if (!tokenizer.TryReadNumber(body[parts[i]], out factors[i])) return null;
        return factors;
    }

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
            ("smallestFactor", factors.Length == 1 ? "prime" : SmallestFactorBucket(factors[0])),
        ];
    }

    private static string SmallestFactorBucket(long p) => p switch
    {
        2 or 3 or 5 or 7 => p.ToString(CultureInfo.InvariantCulture),
        <= 29 => "11-29",
        <= 97 => "31-97",
        <= 997 => "101-997",
        _ => ">=1009",
    };

    /// <inheritdoc />
    public override bool TryParseInput(string text, out long[] input, out string error)
    {
        input = [];
        if (!TryParseInteger(text, out long n, out error)) return false;
        input = [n];
        error = ValidateInput(input) ?? "";
        return error.Length == 0;
    }

    /// <inheritdoc />
    public override string FormatInput(ReadOnlySpan<long> input) => input[0].ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override string FormatAnswer(ReadOnlySpan<long> answer)
    {
        var parts = new string[answer.Length];
        for (int i = 0; i < answer.Length; i++) parts[i] = answer[i].ToString(CultureInfo.InvariantCulture);
        return string.Join(" * ", parts);
    }

    /// <inheritdoc />
    public override long[] ExampleInput(long max)
    {
        // Three prime factors: a short answer that still shows the model separating factors.
        long n = Math.Max(8, max / 2);
        while (n < max - 1 && Primes.Factorize(n).Length != 3) n++;
        return [n];
    }

    /// <inheritdoc />
    public override string DescribeInput() => "n, an integer ≥ 2";

    /// <inheritdoc />
    public override string DescribeRange(long max) => string.Create(CultureInfo.InvariantCulture, $"n in [2, {max})");

    /// <inheritdoc />
    public override ulong SplitKey(ReadOnlySpan<long> input) => (ulong)input[0];

    /// <inheritdoc />
    public override IEnumerable<long[]> InRange(long max) => Range(2, max - 1);

    /// <inheritdoc />
    public override IEnumerable<long[]> OutOfSample(long max, long count) => Range(max, max + count - 1);

    /// <inheritdoc />
    public override long InRangeCount(long max) => Math.Max(0, max - 2);

    /// <inheritdoc />
    public override long OutOfSampleCount(long max, long count) => Math.Max(0, count - Math.Max(0, 2 - max)); // n ≥ 2 only

    /// <inheritdoc />
    public override long LabelMemoryBytes(long max) => max > 2 ? (long)Primes.SieveLimit * sizeof(int) : 0; // the shared sieve below 2^24

    /// <inheritdoc />
    public override IEnumerable<long[]> Range(long from, long to)
    {
        for (long n = Math.Max(from, 2); n <= to; n++) yield return [n];
    }
}
