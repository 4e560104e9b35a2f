using NeuralMath.Configuration;
using NeuralMath.Problems;
using NeuralMath.Tokenization;

namespace NeuralMath.Tests.Problems;

public class MultiplicationProblemTests
{
    private static readonly MultiplicationProblem Problem = new();
    private static readonly MathTokenizer Base10 = new(10, DigitOrder.MostSignificantFirst, Problem.Operators);

    [Fact]
    public void WorkedExample_12Times34()
    {
        Assert.Equal("1 2 * 3 4", Base10.Vocabulary.Render(Problem.EncodeInput(Base10, [12, 34])));
        Assert.Equal([408L], Problem.Solve([12, 34]));
        Assert.Equal("4 0 8", Base10.Vocabulary.Render(Problem.EncodeAnswer(Base10, [408])));
        Assert.Equal("12*34", Problem.FormatInput([12, 34]));
        Assert.True(Problem.Verify([12, 34], [408]).Correct);
        Assert.False(Problem.Verify([12, 34], [407]).Correct);
    }

    [Theory]
    [InlineData("12*", "a*b")]
    [InlineData("12+34", "not a multiplication")]
    [InlineData("2*3*4", "a*b")]
    [InlineData("-2*3", "≥ 0")]
    [InlineData("3037000500*3037000500", "beyond the 64-bit integer range")]
    public void TryParseInput_Rejects_WithAClearMessage(string text, string reason)
    {
        Assert.False(Problem.TryParseInput(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void MetricGroups_AreTheOperandsDigitCounts() =>
        Assert.Equal([("operandDigits", "2x3")], Problem.MetricGroups([45, 202]));

    [Fact]
    public void Ranges_AreTheSquare_AndTheBandJustOutsideIt()
    {
        Assert.Equal(100, Problem.InRange(9).Count());
        var outside = Problem.OutOfSample(9, 2).ToList();
        Assert.Equal(12 * 12 - 10 * 10, outside.Count);
        Assert.All(outside, p => Assert.True(p.Max() is > 9 and <= 11));
    }

    [Fact]
    public void AConfiguredRange_WhoseProductsOverflow_IsAConfigError()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MultiplicationProblem(new ProblemOptions { Name = "multiplication", Max = 3_037_000_000, OutOfSample = 1000 }));
        Assert.Equal("problem.max", e.ParamName);
    }
}
