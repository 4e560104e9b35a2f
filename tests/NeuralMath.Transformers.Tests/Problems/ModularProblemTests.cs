using NeuralMath.Configuration;
using NeuralMath.Problems;
using NeuralMath.Tokenization;

namespace NeuralMath.Tests.Problems;

public class ModularProblemTests
{
    private static readonly ModularAdditionProblem Add = new(new ProblemOptions { Name = "modadd", Modulus = 7 });
    private static readonly ModularMultiplicationProblem Mul = new(new ProblemOptions { Name = "modmul", Modulus = 7 });

    [Fact]
    public void WorkedExamples_Mod7()
    {
        var tok = new MathTokenizer(10, DigitOrder.MostSignificantFirst, Add.Operators);
        Assert.Equal("5 + 4", tok.Vocabulary.Render(Add.EncodeInput(tok, [5, 4])));
        Assert.Equal([2L], Add.Solve([5, 4]));
        Assert.Equal([6L], Mul.Solve([5, 4]));
        Assert.Equal("5*4", Mul.FormatInput([5, 4]));
        Assert.False(Add.Verify([5, 4], [9]).Correct); // congruent, not reduced
    }

    [Fact]
    public void InRange_IsTheWholeTable_WhateverMax()
    {
        Assert.Equal(49, Add.InRange(256).Count());
        Assert.Equal(Add.InRange(4).Select(p => (p[0], p[1])), Add.InRange(10_000).Select(p => (p[0], p[1])));
        Assert.Equal("a, b in [0, 6], mod 7", Mul.DescribeRange(256));
        // Out of sample: unreduced operands 7 and 8.
        var outside = Add.OutOfSample(256, 2).ToList();
        Assert.Equal(9 * 9 - 7 * 7, outside.Count);
        Assert.All(outside, p => Assert.True(p.Max() is 7 or 8));
    }

    [Fact]
    public void TheDefaultModulus_Is97()
    {
        Assert.Equal(97, new ModularAdditionProblem().Modulus);
        Assert.Equal(97 * 97, new ModularMultiplicationProblem().InRange(256).Count());
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(91L)]
    [InlineData(-7L)]
    public void ANonPrimeModulus_IsAConfigError(long modulus)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ModularAdditionProblem(new ProblemOptions { Name = "modadd", Modulus = modulus }));
        Assert.Equal("problem.modulus", e.ParamName);
    }
}
