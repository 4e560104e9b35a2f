using FsCheck.Xunit;
using NeuralMath.Problems;
using NeuralMath.Tokenization;

namespace NeuralMath.Tests.Problems;

public class AdditionProblemTests
{
    private static readonly AdditionProblem Problem = new();
    private static readonly MathTokenizer Base10 = new(10, DigitOrder.MostSignificantFirst, Problem.Operators);

    [Property(MaxTest = 200)]
    public bool Answer_RoundTrips_ThroughTokens_InAnyBaseAndOrder(long x, long y, int baseSeed, bool lsbFirst)
    {
        // Two non-negative operands whose sum fits in int64.
        long a = x == long.MinValue ? 0 : Math.Abs(x) / 2, b = y == long.MinValue ? 0 : Math.Abs(y) / 2;
        var tok = new MathTokenizer(2 + (int)((uint)baseSeed % 999), lsbFirst ? DigitOrder.LeastSignificantFirst : DigitOrder.MostSignificantFirst, Problem.Operators);
        var solution = Problem.Solve([a, b]);
        var parsed = Problem.ParseAnswer(tok, MathTokenizer.Frame(Problem.EncodeAnswer(tok, solution)));
        return Problem.ValidateInput([a, b]) is null && parsed is not null && parsed.SequenceEqual(solution)
            && solution[0] == a + b && Problem.Verify([a, b], parsed).Correct;
    }

    [Fact]
    public void WorkedExample_45Plus202()
    {
        Assert.Equal("4 5 + 2 0 2", Base10.Vocabulary.Render(Problem.EncodeInput(Base10, [45, 202])));
        Assert.Equal("2 4 7", Base10.Vocabulary.Render(Problem.EncodeAnswer(Base10, [247])));
        Assert.Equal("247", Problem.FormatAnswer([247]));
    }

    [Fact]
    public void Verify_RightAndWrongSums()
    {
        Assert.Equal(new Verdict(true), Problem.Verify([45, 202], [247]));
        Assert.Equal(new Verdict(false), Problem.Verify([45, 202], [248]));
        Assert.Equal(new Verdict(false), Problem.Verify([45, 202], [247, 0]));
    }

    [Fact]
    public void Parse_IgnoresEverythingAfterTheFirstEos_AndRejectsOperatorsInTheAnswer()
    {
        var v = Base10.Vocabulary;
        int[] ids = [Vocabulary.StartId, v.IdOfDigit(2), v.IdOfDigit(4), v.IdOfDigit(7), Vocabulary.EndId, Vocabulary.PadId, v.IdOfDigit(3)];
        Assert.Equal([247L], Problem.ParseAnswer(Base10, ids)!);
        Assert.Null(Problem.ParseAnswer(Base10, [Vocabulary.StartId, v.IdOfDigit(2), v.IdOf("+"), v.IdOfDigit(4), Vocabulary.EndId]));
        Assert.Null(Problem.ParseAnswer(Base10, [Vocabulary.StartId, v.IdOfDigit(2)]));
    }

    [Theory]
    [InlineData("45+202", 45L, 202L)]
    [InlineData(" 0 + 7 ", 0L, 7L)]
    [InlineData("\t12+\t003\t", 12L, 3L)]
    public void TryParseInput_AcceptsAPlusB(string text, long a, long b)
    {
        Assert.True(Problem.TryParseInput(text, out var input, out var error), error);
        Assert.Equal([a, b], input);
        Assert.Equal($"{a}+{b}", Problem.FormatInput(input));
    }

    [Theory]
    [InlineData("3+\r4")]
    [InlineData("3+4\r")]
    [InlineData("\v3+4")]
    [InlineData("3\u00A0+4")]
    [InlineData("3+4\u2028")]
    [InlineData("3+\u00854")]
    [InlineData("3+4\0")]
    public void TryParseInput_OnlySpacesAndTabsAreBlanks(string text)
    {
        // Other spaces, line breaks and NUL would let one input be read as another, or as several lines.
        Assert.False(Problem.TryParseInput(text, out _, out var error));
        Assert.DoesNotContain('\r', error);
        Assert.DoesNotContain('\0', error);
    }

    [Fact]
    public void TryParseInput_Errors_QuoteAtMost64CharactersOfTheInput()
    {
        string huge = new string('7', 5000) + "+x";
        Assert.False(Problem.TryParseInput(huge, out _, out var error));
        Assert.Contains(new string('7', 64) + "…", error, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('7', 65), error, StringComparison.Ordinal);
        Assert.False(Problem.TryParseInput("1+" + new string('x', 5000), out _, out error));
        Assert.True(error.Length < 120, error);
    }

    [Theory]
    [InlineData("45+", "a+b")]
    [InlineData("+45", "a+b")]
    [InlineData("3+4+5", "a+b")]
    [InlineData("45", "a+b")]
    [InlineData("-5+3", "≥ 0")]
    [InlineData("x+3", "not an integer")]
    [InlineData("99999999999999999999+1", "beyond the 64-bit integer range")]
    [InlineData("9223372036854775807+1", "beyond the 64-bit integer range")]
    public void TryParseInput_Rejects_WithAClearMessage(string text, string reason)
    {
        Assert.False(Problem.TryParseInput(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Ranges_InRangeIsTheSquare_OutOfSampleHasAnOperandAboveMax()
    {
        Assert.Equal(121, Problem.InRange(10).Count());
        var outside = Problem.OutOfSample(10, 2).ToList();
        Assert.Equal(13 * 13 - 11 * 11, outside.Count);
        Assert.All(outside, p => Assert.True(p.Max() > 10 && p.Max() <= 12));
        Assert.Equal(outside.Count, outside.Select(p => (p[0], p[1])).Distinct().Count());
    }

    [Fact]
    public void SplitKey_IsInjectiveOnA256Square() =>
        Assert.Equal(256 * 256, Problem.InRange(255).Select(p => Problem.SplitKey(p)).Distinct().Count());

    [Fact]
    public void MetricGroups_BucketByTheLargerOperand() =>
        Assert.Equal([("largerOperand", "200-299")], Problem.MetricGroups([45, 202]));
}
