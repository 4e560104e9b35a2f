using System.Globalization;
using NeuralMath.Tokenization;

namespace NeuralMath.Problems;

/// <summary>
/// A problem on a pair (a, b) with a one-number answer: addition, multiplication, GCD, modular arithmetic. A subclass
/// gives the operator, the arithmetic and its noun; text, tokens, verification, splits, ranges and the map are here.
/// </summary>
/// <remarks>
/// Input <c>[a, b]</c>, written <c>a OP b</c> (tokens: a's digits, the operator token, b's digits). In range: every
/// pair of [<see cref="OperandLow"/>, max]², a-major. Out of sample: the pairs of [OperandLow, max + k]² with an operand
/// above max. The split key packs both operands, so the seeded hash split sees every pair.
/// </remarks>
public abstract class TwoOperandProblem : MathProblem
{
    /// <summary>The operator token and the text between the operands, e.g. <c>+</c>.</summary>
    protected abstract string Operator { get; }

    /// <summary>The problem as a noun with its article, for messages: "an addition".</summary>
    protected abstract string Noun { get; }

    /// <summary>Smallest operand (0; GCD: 1).</summary>
    protected virtual long OperandLow => 0;

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
    public override OperandSquare Square(long max, long outOfSample)
    {
        long lo = OperandLow, hi = OperandHigh(max);
        return new OperandSquare(lo, hi, Math.Max(hi + (hi - lo) / 2, hi + outOfSample));
    }

    /// <inheritdoc />
    public override ulong SplitKey(ReadOnlySpan<long> input) => ((ulong)input[0] << 32) ^ (ulong)input[1];

    /// <inheritdoc />
    public override IEnumerable<long[]> InRange(long max) => Range(OperandLow, OperandHigh(max));

    /// <inheritdoc />
    public override IEnumerable<long[]> OutOfSample(long max, long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Outside(OperandLow, OperandHigh(max), OperandHigh(max) + count);
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
}
