using System.Globalization;
using NeuralMath.Tokenization;

namespace NeuralMath.Problems;

/// <summary>
/// Pairwise addition of non-negative integers: (a, b) → a + b.
/// </summary>
/// <remarks>
/// Worked example, base 10, most-significant digit first: 45 + 202.
/// Source <c>[SOS] 4 5 + 2 0 2 [EOS]</c>; target <c>[SOS] 2 4 7 [EOS]</c>.
/// In-range inputs are all ordered pairs in [0, max]²; out-of-sample inputs are the pairs in
/// [0, max + count]² with at least one operand above max (the reference's generalisation test).
/// </remarks>
public sealed class AdditionProblem : MathProblem
{
    /// <summary>The registry name.</summary>
    public const string ProblemName = "addition";

    /// <summary>The operator between the operands.</summary>
    public const string Plus = "+";

    /// <inheritdoc />
    public override string Name => ProblemName;

    /// <inheritdoc />
    public override IReadOnlyList<string> Operators { get; } = [Plus];

    /// <inheritdoc />
    public override string? ValidateInput(ReadOnlySpan<long> input) =>
        input.Length != 2 ? $"addition takes two integers written a+b, got {input.Length}."
        : input[0] < 0 || input[1] < 0 ? "addition operands must be ≥ 0."
        : input[0] > long.MaxValue - input[1] ? "the sum is beyond the 64-bit integer range."
        : null;

    /// <inheritdoc />
    public override long[] Solve(ReadOnlySpan<long> input) => [input[0] + input[1]];

    /// <inheritdoc />
    public override int[] EncodeInput(MathTokenizer tokenizer, ReadOnlySpan<long> input)
    {
        var ids = new List<int>(16);
        tokenizer.WriteNumber(ids, input[0]);
        ids.Add(tokenizer.Vocabulary.IdOf(Plus));
        tokenizer.WriteNumber(ids, input[1]);
        return [.. ids];
    }

    /// <inheritdoc />
    public override int[] EncodeAnswer(MathTokenizer tokenizer, ReadOnlySpan<long> answer) => tokenizer.EncodeNumber(answer[0]);

    /// <inheritdoc />
    public override long[]? ParseAnswerBody(MathTokenizer tokenizer, ReadOnlySpan<int> body) =>
        tokenizer.TryReadNumber(body, out long sum) ? [sum] : null;

    /// <inheritdoc />
    public override Verdict Verify(ReadOnlySpan<long> input, ReadOnlySpan<long> answer)
    {
        bool ok = answer.Length == 1 && answer[0] == input[0] + input[1];
        return new Verdict(ok, ok, false);
    }

    /// <inheritdoc />
    public override IEnumerable<(string Group, string Bucket)> MetricGroups(ReadOnlySpan<long> input)
    {
        long larger = Math.Max(input[0], input[1]);
        long lo = larger / 100 * 100;
        return [("largerOperand", string.Create(CultureInfo.InvariantCulture, $"{lo}-{lo + 99}"))];
    }

    /// <inheritdoc />
    public override bool TryParseInput(string text, out long[] input, out string error)
    {
        input = [];
        var parts = text.Split('+');
        // A missing operand ("45+") gets the usage message, not "'' is not an integer".
        if (parts.Length != 2 || parts.Any(p => InputText.Trim(p).Length == 0))
        {
            error = $"{InputText.Quote(InputText.Trim(text))} is not an addition: write it as a+b, e.g. 45+202.";
            return false;
        }
        if (!TryParseInteger(parts[0], out long a, out error) || !TryParseInteger(parts[1], out long b, out error)) return false;
        input = [a, b];
        error = ValidateInput(input) ?? "";
        return error.Length == 0;
    }

    /// <inheritdoc />
    public override string FormatInput(ReadOnlySpan<long> input) => string.Create(CultureInfo.InvariantCulture, $"{input[0]}+{input[1]}");

    /// <inheritdoc />
    public override string FormatAnswer(ReadOnlySpan<long> answer) => answer[0].ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override ulong SplitKey(ReadOnlySpan<long> input) => ((ulong)input[0] << 32) ^ (ulong)input[1];

    /// <inheritdoc />
    public override IEnumerable<long[]> InRange(long max) => Range(0, max);

    /// <inheritdoc />
    public override long InRangeCount(long max) => Saturate(Pairs(Values(max)));

    /// <inheritdoc />
    public override long OutOfSampleCount(long max, long count) => Saturate(Pairs(Values(max) + (ulong)Math.Max(count, 0)) - Pairs(Values(max)));

    /// <inheritdoc />
    public override IEnumerable<long[]> OutOfSample(long max, long count)
    {
        long top = max + count;
        for (long a = 0; a <= top; a++)
            for (long b = 0; b <= top; b++)
                if (a > max || b > max) yield return [a, b];
    }

    /// <inheritdoc />
    public override IEnumerable<long[]> Range(long from, long to)
    {
        for (long a = Math.Max(from, 0); a <= to; a++)
            for (long b = Math.Max(from, 0); b <= to; b++) yield return [a, b];
    }

    // Counting in 128 bits, then saturating: every size past long is "too many" alike.
    private static UInt128 Values(long max) => (ulong)(Math.Max(max, -1) + 1); // operands 0..max

    private static UInt128 Pairs(UInt128 values) => values * values;

    private static long Saturate(UInt128 count) => count >= long.MaxValue ? long.MaxValue : (long)count;
}
