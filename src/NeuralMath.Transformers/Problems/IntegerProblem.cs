using System.Globalization;
using NeuralMath.Tokenization;

namespace NeuralMath.Problems;

/// <summary>
/// A problem over one integer n ≥ 2 whose answer is a list of numbers joined by one operator (factorization:
/// <c>3 * 3 * 5</c>; residues: <c>1, 0, 0, 3</c>). Input parsing, writing, ranges and split keys live here, so such a
/// problem only says what its answer is and how it is checked.
/// </summary>
public abstract class IntegerProblem : MathProblem
{
    /// <summary>The operator between an answer's numbers, e.g. <c>*</c>.</summary>
    protected abstract string Separator { get; }

    /// <summary>How <see cref="FormatAnswer"/> writes the operator for people: spaced, e.g. <c> * </c>.</summary>
    protected virtual string SeparatorText => $" {Separator} ";

    /// <inheritdoc />
    public override IReadOnlyList<string> Operators => [Separator];

    /// <inheritdoc />
    public override int Arity => 1;

    /// <inheritdoc />
    public override string? ValidateInput(ReadOnlySpan<long> input) =>
        input.Length != 1 ? $"{Name} takes one integer, got {input.Length}."
        : input[0] < 2 ? BelowTwo(input[0])
        : null;

    /// <summary>The message for an input below 2.</summary>
    protected virtual string BelowTwo(long n) => string.Create(CultureInfo.InvariantCulture, $"{n} is out of range: {Name} takes an integer ≥ 2.");

    /// <inheritdoc />
    public override int[] EncodeInput(MathTokenizer tokenizer, ReadOnlySpan<long> input)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        return tokenizer.EncodeNumber(input[0]);
    }

    /// <inheritdoc />
    public override int[] EncodeAnswer(MathTokenizer tokenizer, ReadOnlySpan<long> answer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var ids = new List<int>(answer.Length * 4);
        int separator = tokenizer.Vocabulary.IdOf(Separator);
        for (int i = 0; i < answer.Length; i++)
        {
            if (i > 0) ids.Add(separator);
            tokenizer.WriteNumber(ids, answer[i]);
        }
        return [.. ids];
    }

    /// <inheritdoc />
    public override long[]? ParseAnswerBody(MathTokenizer tokenizer, ReadOnlySpan<int> body)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var parts = SplitAt(body, tokenizer.Vocabulary.IdOf(Separator));
        var numbers = new long[parts.Count];
        for (int i = 0; i < parts.Count; i++)
            if (!tokenizer.TryReadNumber(body[parts[i]], out numbers[i])) return null;
        return numbers;
    }

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
        return string.Join(SeparatorText, parts);
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
    public override IEnumerable<long[]> Range(long from, long to)
    {
        for (long n = Math.Max(from, 2); n <= to; n++) yield return [n];
    }
}
