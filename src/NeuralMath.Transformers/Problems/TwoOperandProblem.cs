using System.Globalization;
using NeuralMath.Configuration;
using NeuralMath.Data;
using NeuralMath.Tokenization;

namespace NeuralMath.Problems;

/// <summary>
/// A problem on a pair (a, b) with a one-number answer: addition, multiplication, GCD, modular arithmetic. A subclass
/// gives the operator, the arithmetic and its noun; text, tokens, verification, splits, ranges, sampling and the map
/// are here.
/// </summary>
/// <remarks>
/// Input <c>[a, b]</c>, written <c>a OP b</c> (tokens: a's digits, the operator token, b's digits). In range: every
/// pair of [<see cref="OperandLow"/>, max]² when there are at most <c>problem.samples</c> of them, else a fixed seeded
/// uniform sample of that many (repeats dropped); so a range of 10^12 pairs works. Out of sample: the pairs with an
/// operand in (max, max + k], enumerated when there are at most <c>problem.samples</c>, else a uniform sample as large as
/// the test split (testFraction × samples), so the final evaluation weighs both alike. Training draws from <c>problem.distribution</c>
/// (uniform: the in-range inputs; others: <c>problem.samples</c> seeded draws, repeats kept). Every pool is a pure
/// function of <c>problem.splitSeed</c>, and the split hash keeps validation and test pairs out of training.
/// </remarks>
public abstract class TwoOperandProblem : MathProblem
{
    /// <summary>Default of <c>problem.samples</c>: pool size when inputs are sampled.</summary>
    public const int DefaultSamples = 1_000_000;

    // Streams of the sampled pools: evaluation (uniform, in range), training (the distribution), out of sample.
    private const ulong EvaluationStream = 0xE7A1, TrainingStream = 0x7EA1, OutOfSampleStream = 0x005A;

    private readonly ulong _seed;
    private readonly int _outOfSampleSamples;

    /// <summary>Reads the distribution, pool size and seed from <paramref name="options"/> (null: defaults).</summary>
    protected TwoOperandProblem(ProblemOptions? options)
    {
        options ??= new ProblemOptions();
        Distribution = options.Distribution;
        Samples = options.Samples ?? DefaultSamples;
        ArgumentOutOfRangeException.ThrowIfLessThan(Samples, 1, "problem.samples");
        _seed = SplitMix64.Mix(options.SplitSeed);
        _outOfSampleSamples = (int)Math.Clamp(Math.Ceiling(Samples * options.TestFraction), 1, Samples);
    }

    /// <summary>The seed of a subclass's own sampled stream: a pure function of <c>problem.splitSeed</c> and <paramref name="stream"/>.</summary>
    private protected ulong StreamSeed(ulong stream) => _seed ^ stream;

    /// <summary>The operator token and the text between the operands, e.g. <c>+</c>.</summary>
    protected abstract string Operator { get; }

    /// <summary>The problem as a noun with its article, for messages: "an addition".</summary>
    protected abstract string Noun { get; }

    /// <summary>Smallest operand (0; GCD: 1).</summary>
    protected virtual long OperandLow => 0;

    /// <summary>How training operands are drawn.</summary>
    public OperandDistribution Distribution { get; }

    /// <summary>Size of a sampled pool (<c>problem.samples</c>).</summary>
    public int Samples { get; }

    /// <summary>The answer to a valid input (one that passed <see cref="ValidateOperands"/>).</summary>
    protected abstract long Apply(long a, long b);

    /// <summary>Problem-specific input checks beyond arity and the operand minimum (e.g. overflow); null when valid.</summary>
    protected virtual string? ValidateOperands(long a, long b) => null;

    /// <summary>Largest in-range operand for a problem size (max; modular problems: p − 1).</summary>
    protected virtual long OperandHigh(long max) => max;

    /// <summary>How the input is written, e.g. <c>a+b</c>.</summary>
    protected virtual string Pattern => $"a{Operator}b";

    /// <inheritdoc />
    public override IReadOnlyList<string> Operators => [Operator];

    /// <inheritdoc />
    public override int Arity => 2;

    /// <inheritdoc />
    public override IReadOnlyList<OperandDistribution> Distributions => [OperandDistribution.Uniform, OperandDistribution.LogUniform];

    /// <inheritdoc />
    public override IReadOnlyCollection<string> Settings => ["samples"];

    /// <inheritdoc />
    public override string? ValidateInput(ReadOnlySpan<long> input) =>
        input.Length != 2 ? $"{Name} takes two integers written {Pattern}, got {input.Length}."
        : input[0] < OperandLow || input[1] < OperandLow ? $"{Name} operands must be ≥ {OperandLow}."
        : ValidateOperands(input[0], input[1]);

    /// <inheritdoc />
    public override long[] Solve(ReadOnlySpan<long> input) => [Apply(input[0], input[1])];

    /// <inheritdoc />
    public override Verdict Verify(ReadOnlySpan<long> input, ReadOnlySpan<long> answer) =>
        new(answer.Length == 1 && answer[0] == Apply(input[0], input[1]));

    /// <inheritdoc />
    public override int[] EncodeInput(MathTokenizer tokenizer, ReadOnlySpan<long> input)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var ids = new List<int>(16);
        tokenizer.WriteNumber(ids, input[0]);
        ids.Add(tokenizer.Vocabulary.IdOf(Operator));
        tokenizer.WriteNumber(ids, input[1]);
        return [.. ids];
    }

    /// <inheritdoc />
    public override int[] EncodeAnswer(MathTokenizer tokenizer, ReadOnlySpan<long> answer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        return tokenizer.EncodeNumber(answer[0]);
    }

    /// <inheritdoc />
    public override long[]? ParseAnswerBody(MathTokenizer tokenizer, ReadOnlySpan<int> body)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        return tokenizer.TryReadNumber(body, out long value) ? [value] : null;
    }

    /// <inheritdoc />
    public override IReadOnlyList<MetricGroup> Groups => [new("operandDigits", "base-10 digits of a × digits of b")];

    /// <inheritdoc />
    public override IEnumerable<(string Group, string Bucket)> MetricGroups(ReadOnlySpan<long> input) =>
        [("operandDigits", string.Create(CultureInfo.InvariantCulture, $"{DecimalDigits(input[0])}x{DecimalDigits(input[1])}"))];

    /// <summary>Digits of a non-negative number in base 10.</summary>
    protected static int DecimalDigits(long x) => x < 10 ? 1 : 1 + DecimalDigits(x / 10);

    /// <inheritdoc />
    public override bool TryParseInput(string text, out long[] input, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        input = [];
        // A missing operand ("45+") gets the usage message, not "'' is not an integer".
        if (!TrySplitOperands(InputText.Trim(text), out string left, out string right) || InputText.Trim(left).Length == 0 || InputText.Trim(right).Length == 0)
        {
            error = $"{InputText.Quote(InputText.Trim(text))} is not {Noun}: write it as {Pattern}, e.g. {FormatInput(ExampleInput(256))}.";
            return false;
        }
        if (!TryParseInteger(left, out long a, out error) || !TryParseInteger(right, out long b, out error)) return false;
        input = [a, b];
        error = ValidateInput(input) ?? "";
        return error.Length == 0;
    }

    /// <summary>Cuts trimmed user text into the two operand texts; false when it does not have the problem's shape.</summary>
    protected virtual bool TrySplitOperands(string text, out string left, out string right)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(Operator);
        (left, right) = parts.Length == 2 ? (parts[0], parts[1]) : ("", "");
        return parts.Length == 2;
    }

    /// <inheritdoc />
    public override string FormatInput(ReadOnlySpan<long> input) => string.Create(CultureInfo.InvariantCulture, $"{input[0]}{Operator}{input[1]}");

    /// <inheritdoc />
    public override string FormatAnswer(ReadOnlySpan<long> answer) => answer[0].ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override long[] ExampleInput(long max)
    {
        long lo = OperandLow, span = OperandHigh(max) - lo;
        return [lo + (long)((Int128)span * 45 / 256), lo + (long)((Int128)span * 202 / 256)];
    }

    /// <inheritdoc />
    public override string DescribeRange(long max) => string.Create(CultureInfo.InvariantCulture, $"a, b in [{OperandLow}, {OperandHigh(max)}]");

    /// <inheritdoc />
    public override string DescribeInput() => string.Create(CultureInfo.InvariantCulture, $"{Pattern} with a, b integers ≥ {OperandLow}");

    /// <inheritdoc />
    public override OperandSquare Square(long max, long outOfSample)
    {
        long lo = OperandLow, hi = OperandHigh(max);
        return new OperandSquare(lo, hi, Math.Max(hi + (hi - lo) / 2, hi + outOfSample));
    }

    /// <inheritdoc />
    public override ulong SplitKey(ReadOnlySpan<long> input) => ((ulong)input[0] << 32) ^ (ulong)input[1];

    /// <inheritdoc />
    public override IEnumerable<long[]> InRange(long max)
    {
        long lo = OperandLow, hi = OperandHigh(max);
        return Side(lo, hi) * Side(lo, hi) <= (UInt128)Samples
            ? Range(lo, hi)
            : OperandSampling.DistinctPairs(OperandSampling.Draws(_seed ^ EvaluationStream, Samples,
                rng => [OperandSampling.Uniform(rng, lo, hi), OperandSampling.Uniform(rng, lo, hi)]));
    }

    /// <inheritdoc />
    public override IEnumerable<long[]> TrainingInputs(long max)
    {
        if (Distribution == OperandDistribution.Uniform) return InRange(max);
        long lo = OperandLow, hi = OperandHigh(max);
        var distribution = Distribution;
        return OperandSampling.Draws(_seed ^ TrainingStream, Samples, rng => Draw(rng, distribution, lo, hi));
    }

    /// <summary>One training input from a distribution this problem supports, operands in [lo, hi].</summary>
    private protected virtual long[] Draw(SeededRandom rng, OperandDistribution distribution, long lo, long hi) => distribution switch
    {
        OperandDistribution.Uniform => [OperandSampling.Uniform(rng, lo, hi), OperandSampling.Uniform(rng, lo, hi)],
        OperandDistribution.LogUniform => [OperandSampling.LogUniform(rng, lo, hi), OperandSampling.LogUniform(rng, lo, hi)],
        _ => throw new ArgumentOutOfRangeException(nameof(distribution), distribution, $"{Name} does not support this distribution."),
    };

    /// <inheritdoc />
    public override IEnumerable<long[]> OutOfSample(long max, long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        long lo = OperandLow, hi = OperandHigh(max), top = hi + count;
        if (count == 0) return [];
        if (Side(lo, top) * Side(lo, top) - Side(lo, hi) * Side(lo, hi) <= (UInt128)Samples) return Outside(lo, hi, top);
        // Uniform over the L-shaped region: a above the range (k × all b), or a in range and b above it (in-range × k).
        ulong all = (ulong)(top - lo) + 1, inRange = (ulong)(hi - lo) + 1;
        return OperandSampling.DistinctPairs(OperandSampling.Draws(_seed ^ OutOfSampleStream, _outOfSampleSamples, rng =>
            rng.NextUInt64(all + inRange) < all
                ? [OperandSampling.Uniform(rng, hi + 1, top), OperandSampling.Uniform(rng, lo, top)]
                : [OperandSampling.Uniform(rng, lo, hi), OperandSampling.Uniform(rng, hi + 1, top)]));
    }

    private static IEnumerable<long[]> Outside(long lo, long hi, long top)
    {
        for (long a = lo; a <= top; a++)
            for (long b = lo; b <= top; b++)
                if (a > hi || b > hi) yield return [a, b];
    }

    /// <inheritdoc />
    public override IEnumerable<long[]> Range(long from, long to)
    {
        for (long a = Math.Max(from, OperandLow); a <= to; a++)
            for (long b = Math.Max(from, OperandLow); b <= to; b++) yield return [a, b];
    }

    /// <inheritdoc />
    public override long InRangeCount(long max)
    {
        long lo = OperandLow, hi = OperandHigh(max);
        var pairs = Side(lo, hi) * Side(lo, hi);
        return pairs <= (UInt128)Samples ? (long)pairs : Samples; // a sampled pool holds at most Samples distinct pairs
    }

    /// <inheritdoc />
    public override long OutOfSampleCount(long max, long count)
    {
        if (count <= 0) return 0;
        long lo = OperandLow, hi = OperandHigh(max), top = hi + count;
        var region = Side(lo, top) * Side(lo, top) - Side(lo, hi) * Side(lo, hi);
        return region <= (UInt128)Samples ? (long)region : _outOfSampleSamples;
    }

    private static UInt128 Side(long lo, long hi) => hi < lo ? 0 : (UInt128)(ulong)(hi - lo) + 1;
}
