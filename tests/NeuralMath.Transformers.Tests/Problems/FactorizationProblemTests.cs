using FsCheck.Xunit;
using NeuralMath.Data;
using NeuralMath.Problems;
using NeuralMath.Tokenization;

namespace NeuralMath.Tests.Problems;

public class FactorizationProblemTests
{
    private static readonly FactorizationProblem Problem = new();
    private static readonly MathTokenizer Base10 = new(10, DigitOrder.MostSignificantFirst, Problem.Operators);

    [Property(MaxTest = 100)]
    public bool Answer_RoundTrips_ThroughTokens_InAnyBaseAndOrder(ulong seed, byte shift, int baseSeed, bool lsbFirst)
    {
        long n = Math.Max(2, (long)(SplitMix64.Mix(seed) >> (1 + shift % 62)));
        var tok = new MathTokenizer(2 + (int)((uint)baseSeed % 999), lsbFirst ? DigitOrder.LeastSignificantFirst : DigitOrder.MostSignificantFirst, Problem.Operators);
        var solution = Problem.Solve([n]);
        var parsed = Problem.ParseAnswer(tok, MathTokenizer.Frame(Problem.EncodeAnswer(tok, solution)));
        return parsed is not null && parsed.SequenceEqual(solution) && Problem.Verify([n], parsed).Correct
            && tok.TryReadNumber(Problem.EncodeInput(tok, [n]), out long back) && back == n;
    }

    private static AnswerMetric Metric(string name) => Problem.AnswerMetrics.Single(m => m.Name == name);

    [Fact]
    public void Verify_CorrectFactorization() =>
        Assert.Equal(new Verdict(true), Problem.Verify([45], [3, 3, 5]));

    [Fact]
    public void Verify_OrderDoesNotMatter_ProductAndPrimalityDo() =>
        Assert.True(Problem.Verify([45], [5, 3, 3]).Correct);

    [Fact]
    public void Verify_WrongProduct()
    {
        Assert.Equal(new Verdict(false), Problem.Verify([45], [3, 5]));
        Assert.Equal(new Verdict(false), Problem.Verify([45], [3, 3, 7]));
        Assert.False(Metric("correctProduct").Holds([45], [3, 5]));
    }

    [Fact]
    public void Verify_RightProduct_NonPrimeFactor_MatchesValueButIsWrong()
    {
        Assert.Equal(new Verdict(false), Problem.Verify([12], [4, 3]));
        Assert.True(Metric("correctProduct").Holds([12], [4, 3]));
        Assert.False(Metric("correctFactorization").Holds([12], [4, 3]));
    }

    [Fact]
    public void Verify_Echo_IsACompositeAnsweredAsPrime()
    {
        var echo = Metric("echoRate");
        Assert.Equal(new Verdict(false), Problem.Verify([91], [91])); // 7 · 13
        Assert.True(echo.AppliesTo!([91]) && echo.Holds([91], [91]) && Metric("correctProduct").Holds([91], [91]));
        Assert.Equal(new Verdict(true), Problem.Verify([13], [13]));
        Assert.False(echo.AppliesTo!([13])); // the rate is over composites only
    }

    [Theory]
    [InlineData(new[] { long.MaxValue, long.MaxValue })]
    [InlineData(new[] { 3037000499L, 3037000499L, 3037000499L })]
    [InlineData(new[] { 7L, 13L, long.MaxValue })]
    [InlineData(new[] { 0L, 91L })]
    [InlineData(new[] { 1L, 91L })]
    [InlineData(new[] { -7L, -13L })]
    public void Verify_GarbageFactors_AreWrong_WithoutThrowing(long[] answer)
    {
        var verdict = Problem.Verify([91], answer);
        Assert.False(verdict.Correct);
        Assert.False(Metric("correctProduct").Holds([91], answer));
    }

    [Fact]
    public void Verify_LargeInputs_UseExactArithmetic()
    {
        Assert.True(Problem.Verify([long.MaxValue], [7, 7, 73, 127, 337, 92737, 649657]).Correct);
        Assert.False(Metric("correctProduct").Holds([long.MaxValue], [7, 7, 73, 127, 337, 92737, 649658]));
        Assert.True(Problem.Verify([9223372036854775783], [9223372036854775783]).Correct); // largest prime below 2^63
    }

    [Fact]
    public void Verify_EmptyAnswer_IsUnparsed() => Assert.Equal(Verdict.Unparsed, Problem.Verify([12], []));

    [Fact]
    public void Parse_IgnoresEverythingAfterTheFirstEos()
    {
        // The reference parser read past [EOS]: "[SOS] 2 * 2 * 2 [EOS] [PAD] 0" must be 8 = 2·2·2, not garbage.
        var ids = Ids("[SOS]", "2", "*", "2", "*", "2", "[EOS]", "[PAD]", "0");
        Assert.Equal("[SOS] 2 * 2 * 2 [EOS] [PAD] 0", Base10.Vocabulary.Render(ids));
        Assert.Equal([2L, 2, 2], Problem.ParseAnswer(Base10, ids)!);
        Assert.True(Problem.Check(Base10, [8], ids).Correct);
    }

    [Theory]
    [InlineData("[SOS] 2 * * 2 [EOS]")]
    [InlineData("[SOS] 2 * 2 * [EOS]")]
    [InlineData("[SOS] * 2 [EOS]")]
    [InlineData("[SOS] 0 2 * 2 [EOS]")] // leading zero: not the canonical spelling
    [InlineData("[SOS] 2 * 2")] // no [EOS]: the output was cut off
    [InlineData("[SOS] [EOS]")]
    [InlineData("[SOS] 2 [PAD] 2 [EOS]")]
    [InlineData("[SOS] 2 [SOS] [EOS]")]
    [InlineData("[SOS] 9 9 9 9 9 9 9 9 9 9 9 9 9 9 9 9 9 9 9 9 [EOS]")] // beyond int64
    public void Parse_MalformedOutputs_AreNull(string rendered)
    {
        var ids = Ids(rendered.Split(' '));
        Assert.Null(Problem.ParseAnswer(Base10, ids));
        Assert.Equal(Verdict.Unparsed, Problem.Check(Base10, [4], ids));
    }

    [Theory]
    [InlineData("91", 91L)]
    [InlineData(" 2 ", 2L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void TryParseInput_AcceptsIntegersFromTwo(string text, long expected)
    {
        Assert.True(Problem.TryParseInput(text, out var input, out var error), error);
        Assert.Equal([expected], input);
        Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), Problem.FormatInput(input));
    }

    [Theory]
    [InlineData("-5", "no prime factorization")]
    [InlineData("0", "no prime factorization")]
    [InlineData("1", "no prime factorization")]
    [InlineData("abc", "not an integer")]
    [InlineData("", "not an integer")]
    [InlineData("99999999999999999999", "beyond the 64-bit integer range")]
    [InlineData("2.5", "not an integer")]
    [InlineData("91\r", "not an integer")]
    [InlineData("\u00A091", "not an integer")]
    [InlineData("9\01", "not an integer")]
    public void TryParseInput_Rejects_WithAClearMessage(string text, string reason)
    {
        Assert.False(Problem.TryParseInput(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Ranges_InRangeIsTwoToMaxExclusive_OutOfSampleFollowsIt()
    {
        Assert.Equal(Enumerable.Range(2, 98).Select(i => (long)i), Problem.InRange(100).Select(i => i[0]));
        Assert.Equal([100L, 101, 102], Problem.OutOfSample(100, 3).Select(i => i[0]));
        Assert.Equal([2L, 3], Problem.Range(-5, 3).Select(i => i[0]));
    }

    [Fact]
    public void FormatAnswer_AndMetricGroups()
    {
        Assert.Equal("3 * 3 * 5", Problem.FormatAnswer([3, 3, 5]));
        Assert.Equal([("factorCount", "3"), ("smallestFactor", "3")], Problem.MetricGroups([45]));
        Assert.Equal([("factorCount", "1"), ("smallestFactor", "prime")], Problem.MetricGroups([13]));
        Assert.Equal([("factorCount", "2"), ("smallestFactor", ">=1009")], Problem.MetricGroups([1009L * 1013]));
    }

    private static int[] Ids(params string[] symbols) => symbols.Select(Base10.Vocabulary.IdOf).ToArray();
}
