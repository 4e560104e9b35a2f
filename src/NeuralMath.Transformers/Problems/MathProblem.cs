using System.Globalization;
using NeuralMath.Data;
using NeuralMath.Tokenization;

namespace NeuralMath.Problems;

/// <summary>
/// One kind of math problem, defined in one place: how inputs and answers are written (as text and as tokens), how
/// a decoded answer is read and checked exactly, which inputs exist, and how results are grouped and measured.
/// Model, trainer, decoder, evaluator, reports, CLI and ML.NET only call these members, so adding a problem is one
/// subclass plus one line in <see cref="ProblemRegistry"/>.
/// </summary>
/// <remarks>
/// Inputs and answers are integer tuples (<c>long[]</c>): factorization takes <c>[n]</c> and answers
/// <c>[p1, p2, ...]</c>; addition takes <c>[a, b]</c> and answers <c>[a + b]</c>. Keeping them untyped lets
/// one trainer, one beam search and one evaluator serve every problem.
/// </remarks>
public abstract class MathProblem
{
    /// <summary>Registry name, e.g. <c>factorization</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Operator tokens this problem writes (they join the vocabulary).</summary>
    public abstract IReadOnlyList<string> Operators { get; }

    /// <summary>
    /// Task tokens this problem writes at the start of every source (they join the vocabulary after the operators);
    /// empty except for a <see cref="MultitaskProblem"/>, whose sources start with the task's token.
    /// </summary>
    public virtual IReadOnlyList<string> TaskTokens => [];

    /// <summary>
    /// The problems a model of several tasks serves (a <see cref="MultitaskProblem"/>), in input-index order; empty for a
    /// single problem. Code outside <c>Problems/</c> asks this, never the problem's type.
    /// </summary>
    public virtual IReadOnlyList<ProblemTask> Tasks => [];

    /// <summary>The task an input or answer belongs to; null for a single problem (it has no tasks).</summary>
    public virtual ProblemTask? TaskOf(ReadOnlySpan<long> input) => null;

    /// <summary>
    /// What makes inputs valid and writes their tokens, e.g. <c>modadd/97</c>: two problems with the same identity read
    /// and write the same inputs. Range, splits, distribution and weights describe which inputs, not the problem.
    /// </summary>
    public virtual string Identity => Name;

    /// <summary>How many integers an input holds: 1 for factorization, 2 for two-operand problems.</summary>
    public abstract int Arity { get; }

    /// <summary>The operand distributions <c>problem.distribution</c> may name for this problem (uniform always).</summary>
    public virtual IReadOnlyList<OperandDistribution> Distributions => [OperandDistribution.Uniform];

    /// <summary>
    /// The optional <c>problem.*</c> settings this problem reads besides name, max, outOfSample, the split fractions
    /// and the seed (e.g. <c>samples</c>, <c>modulus</c>); setting any other is a config error.
    /// </summary>
    public virtual IReadOnlyCollection<string> Settings => [];

    /// <summary>Checks that an input is in the problem's domain; returns an error message or null.</summary>
    public abstract string? ValidateInput(ReadOnlySpan<long> input);

    /// <summary>The exact answer to a valid input.</summary>
    public abstract long[] Solve(ReadOnlySpan<long> input);

    /// <summary>The input's token body (without <c>[SOS]</c>/<c>[EOS]</c>).</summary>
    public abstract int[] EncodeInput(MathTokenizer tokenizer, ReadOnlySpan<long> input);

    /// <summary>The answer's token body (without <c>[SOS]</c>/<c>[EOS]</c>).</summary>
    public abstract int[] EncodeAnswer(MathTokenizer tokenizer, ReadOnlySpan<long> answer);

    /// <summary>Reads an answer body (already cut at <c>[EOS]</c>); null when it is malformed.</summary>
    public abstract long[]? ParseAnswerBody(MathTokenizer tokenizer, ReadOnlySpan<int> body);

    /// <summary>Checks an answer exactly, with integer arithmetic (never wrong by overflow).</summary>
    public abstract Verdict Verify(ReadOnlySpan<long> input, ReadOnlySpan<long> answer);

    /// <summary>The groups <see cref="MetricGroups"/> assigns inputs to, in that order.</summary>
    public abstract IReadOnlyList<MetricGroup> Groups { get; }

    /// <summary>Metric groups the input belongs to, as (group, bucket) pairs, e.g. ("factorCount", "3").</summary>
    public abstract IEnumerable<(string Group, string Bucket)> MetricGroups(ReadOnlySpan<long> input);

    /// <summary>Problem-specific rates of the top beam that reports carry by name (e.g. factorization's echo rate).</summary>
    public virtual IReadOnlyList<AnswerMetric> AnswerMetrics => [];

    /// <summary>
    /// Parses user text such as <c>91</c> or <c>45+202</c>; false with a message when it cannot. Only spaces and
    /// tabs are ignored (<see cref="InputText.Trim"/>); messages quote the text with <see cref="InputText.Quote"/>.
    /// </summary>
    public abstract bool TryParseInput(string text, out long[] input, out string error);

    /// <summary>Writes an input the way a user types it (what <see cref="TryParseInput"/> reads back).</summary>
    public abstract string FormatInput(ReadOnlySpan<long> input);

    /// <summary>Writes an answer for people, e.g. <c>3 * 3 * 5</c> or <c>247</c>.</summary>
    public abstract string FormatAnswer(ReadOnlySpan<long> answer);

    /// <summary>A typical in-range input for a problem size <paramref name="max"/> (the report's attention maps use it).</summary>
    public abstract long[] ExampleInput(long max);

    /// <summary>The in-range inputs of size <paramref name="max"/> in words, e.g. <c>n in [2, 65536)</c>.</summary>
    public abstract string DescribeRange(long max);

    /// <summary>
    /// Which inputs the problem accepts at all, in words, e.g. <c>a+b with a, b integers ≥ 0</c> (what
    /// <see cref="ValidateInput"/> checks, besides the 64-bit range); exports carry it for apps in other languages.
    /// </summary>
    public virtual string DescribeInput() => Arity == 1 ? "one integer" : string.Create(CultureInfo.InvariantCulture, $"{Arity} integers");

    /// <summary>The operand square a two-operand map of this problem covers; null when the problem has none.</summary>
    public virtual OperandSquare? Square(long max, long outOfSample) => null;

    /// <summary>
    /// Evaluation inputs stratified by the class of their answer (gcd: up to <paramref name="perClass"/> pairs for each
    /// gcd from 1 to 100), only among the inputs <paramref name="keep"/> accepts (the test split); null when answers
    /// have no classes. A seeded, pure function of the problem's settings.
    /// </summary>
    public virtual IEnumerable<long[]>? StratifiedInputs(long max, int perClass, Func<long[], bool> keep) => null;

    /// <summary>
    /// The inputs of a split (see <see cref="ProblemData.Inputs"/>, which checks the arguments and calls this): for
    /// validation and test, the in-range inputs <paramref name="rule"/> assigns to the split; for train, the training
    /// inputs it assigns to train, so no held-out input is trained on; out of sample, <see cref="OutOfSample"/>.
    /// </summary>
    public virtual IEnumerable<long[]> SplitInputs(long max, SplitRule rule, DataSplit split, long outOfSampleCount)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return split switch
        {
            DataSplit.OutOfSample => OutOfSample(max, outOfSampleCount),
            DataSplit.Train => TrainingInputs(max).Where(input => rule.SplitOf(SplitKey(input)) == split),
            DataSplit.Validation or DataSplit.Test => InRange(max).Where(input => rule.SplitOf(SplitKey(input)) == split),
            _ => throw new ArgumentOutOfRangeException(nameof(split), split, "Unknown data split."),
        };
    }

    /// <summary>A stable 64-bit key of an input, used by the seeded train/validation/test split.</summary>
    public abstract ulong SplitKey(ReadOnlySpan<long> input);

    /// <summary>The in-range inputs for a problem size <paramref name="max"/>, in a fixed order (enumerated or a fixed seeded sample).</summary>
    public abstract IEnumerable<long[]> InRange(long max);

    /// <summary>
    /// The inputs training draws from, before the split keeps its own: the in-range inputs unless the problem samples
    /// them from a configured operand distribution (then with repeats, which is what a distribution means).
    /// </summary>
    public virtual IEnumerable<long[]> TrainingInputs(long max) => InRange(max);

    /// <summary>Inputs just outside the training range: what "generalising beyond it" means for this problem.</summary>
    public abstract IEnumerable<long[]> OutOfSample(long max, long count);

    /// <summary>Inputs built from values in [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public abstract IEnumerable<long[]> Range(long from, long to);

    /// <summary>
    /// How many inputs <see cref="InRange"/> yields, saturating at <see cref="long.MaxValue"/>; used to size a run before
    /// building it. The default enumerates them: override it with the closed form.
    /// </summary>
    public virtual long InRangeCount(long max) => InRange(max).LongCount();

    /// <summary>How many inputs <see cref="OutOfSample"/> yields, saturating like <see cref="InRangeCount"/>.</summary>
    public virtual long OutOfSampleCount(long max, long count) => OutOfSample(max, count).LongCount();

    /// <summary>Memory the exact solver keeps while labelling inputs below <paramref name="max"/> (e.g. a sieve); 0 by default.</summary>
    public virtual long LabelMemoryBytes(long max) => 0;

    /// <summary>
    /// Reads the answer body to a known input; by default the input does not matter. A <see cref="MultitaskProblem"/>
    /// needs it: which task asked decides how the answer reads.
    /// </summary>
    public virtual long[]? ParseAnswerBody(MathTokenizer tokenizer, ReadOnlySpan<long> input, ReadOnlySpan<int> body) => ParseAnswerBody(tokenizer, body);

    /// <summary>Reads a decoded sequence: cuts at the first <c>[EOS]</c> and parses; null when malformed or unfinished.</summary>
    public long[]? ParseAnswer(MathTokenizer tokenizer, ReadOnlySpan<int> decoded) =>
        MathTokenizer.TryTakeBody(decoded, out var body) ? ParseAnswerBody(tokenizer, body) : null;

    /// <summary>Reads a decoded sequence answering <paramref name="input"/>; null when malformed or unfinished.</summary>
    public long[]? ParseAnswer(MathTokenizer tokenizer, ReadOnlySpan<long> input, ReadOnlySpan<int> decoded) =>
        MathTokenizer.TryTakeBody(decoded, out var body) ? ParseAnswerBody(tokenizer, input, body) : null;

    /// <summary>Parses, then verifies a decoded sequence.</summary>
    public Verdict Check(MathTokenizer tokenizer, ReadOnlySpan<long> input, ReadOnlySpan<int> decoded)
    {
        var answer = ParseAnswer(tokenizer, input, decoded);
        return answer is null ? Verdict.Unparsed : Verify(input, answer);
    }

    /// <summary>Reads an answer text to a known input (see <see cref="ParseAnswerBody(MathTokenizer, ReadOnlySpan{long}, ReadOnlySpan{int})"/>).</summary>
    public virtual long[]? ParseAnswerText(ReadOnlySpan<long> input, string text) => ParseAnswerText(text);

    /// <summary>
    /// Reads an answer written by <see cref="FormatAnswer"/> back into numbers (predictions stored as text are verified
    /// again); null for any other text. Only the exact text FormatAnswer writes is accepted.
    /// </summary>
    public virtual long[]? ParseAnswerText(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parts = text.Split([.. Operators], StringSplitOptions.TrimEntries);
        var answer = new long[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (parts[i].Length == 0 || !parts[i].All(char.IsAsciiDigit) || !long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out answer[i]))
                return null;
        // The round trip keeps this the exact inverse of FormatAnswer, whatever spacing it uses.
        return FormatAnswer(answer) == text ? answer : null;
    }

    /// <summary>
    /// The inverse of <see cref="EncodeInput"/>: the input whose token body is exactly <paramref name="body"/>, or null.
    /// Only the canonical spelling of a valid input reads.
    /// </summary>
    public virtual long[]? DecodeInput(MathTokenizer tokenizer, ReadOnlySpan<int> body)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        // Numbers are the digit runs between non-digit tokens; re-encoding checks the operators and their places.
        var numbers = new List<long>();
        int start = 0;
        for (int i = 0; i <= body.Length; i++)
        {
            if (i < body.Length && tokenizer.Vocabulary.IsDigit(body[i])) continue;
            if (!tokenizer.TryReadNumber(body[start..i], out long n)) return null;
            numbers.Add(n);
            start = i + 1;
        }
        long[] input = [.. numbers];
        if (ValidateInput(input) is not null) return null;
        return EncodeInput(tokenizer, input).AsSpan().SequenceEqual(body) ? input : null;
    }

    /// <summary>Splits a body at an operator token into operand runs.</summary>
    protected static List<Range> SplitAt(ReadOnlySpan<int> body, int operatorId)
    {
        var parts = new List<Range>();
        int start = 0;
        for (int i = 0; i <= body.Length; i++)
        {
            if (i == body.Length || body[i] == operatorId)
            {
                parts.Add(new Range(start, i));
                start = i + 1;
            }
        }
        return parts;
    }

    /// <summary>
    /// Parses a base-10 int64 written by a user, with spaces and tabs around it (see <see cref="InputText.Trim"/>),
    /// with a clear error that repeats at most <see cref="InputText.QuoteLength"/> characters of it.
    /// </summary>
    protected static bool TryParseInteger(string text, out long value, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = InputText.Trim(text);
        error = "";
        value = 0;
        // Checked before long.TryParse, which ignores trailing NUL characters.
        var digits = text.AsSpan(text.StartsWith('-') || text.StartsWith('+') ? 1 : 0);
        if (digits.IsEmpty || digits.ContainsAnyExceptInRange('0', '9'))
        {
            error = $"{InputText.Quote(text)} is not an integer.";
            return false;
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
            return true;
        error = $"{InputText.Quote(text)} is beyond the 64-bit integer range.";
        return false;
    }
}
