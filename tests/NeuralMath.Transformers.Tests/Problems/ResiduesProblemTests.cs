using FsCheck.Xunit;
using NeuralMath.Configuration;
using NeuralMath.Data;
using NeuralMath.Problems;
using NeuralMath.Tokenization;

namespace NeuralMath.Tests.Problems;

public class ResiduesProblemTests
{
    private static readonly ResiduesProblem Problem = new();

    [Fact]
    public void HandWorked_45_ListsItsResiduesModEveryPrimeUpTo31()
    {
        Assert.Equal([2L, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31], Problem.Moduli);
        Assert.Equal([1L, 0, 0, 3, 1, 6, 11, 7, 22, 16, 14], Problem.Solve([45]));
        Assert.Equal("1, 0, 0, 3, 1, 6, 11, 7, 22, 16, 14", Problem.FormatAnswer(Problem.Solve([45])));
        var tok = MathTokenizer.For(Problem, 30, DigitOrder.MostSignificantFirst);
        // 45 = 1·30 + 15; residues 1, 0, 0, ... each one base-30 digit, separated by commas.
        Assert.Equal("1 15", string.Join(' ', Problem.EncodeInput(tok, [45]).Select(id => tok.Vocabulary.Symbols[id])));
        Assert.Equal("1 , 0 , 0 , 3 , 1 , 6 , 11 , 7 , 22 , 16 , 14",
            string.Join(' ', Problem.EncodeAnswer(tok, Problem.Solve([45])).Select(id => tok.Vocabulary.Symbols[id])));
    }

    /// <summary>Against plain arithmetic: the exact residues verify, any one residue changed does not, through tokens in any base.</summary>
    [Property(MaxTest = 200)]
    public bool Residues_AreNModP_AndOnlyTheExactListVerifies(ulong seed, byte which, int baseSeed, bool lsbFirst)
    {
        long n = 2 + (long)(SplitMix64.Mix(seed) % (1UL << 40));
        var tok = MathTokenizer.For(Problem, 2 + (int)((uint)baseSeed % 999), lsbFirst ? DigitOrder.LeastSignificantFirst : DigitOrder.MostSignificantFirst);
        long[] expected = [.. Problem.Moduli.Select(p => n % p)];
        var parsed = Problem.ParseAnswer(tok, MathTokenizer.Frame(Problem.EncodeAnswer(tok, Problem.Solve([n]))));
        var wrong = (long[])expected.Clone();
        int i = which % wrong.Length;
        wrong[i] = (wrong[i] + 1) % Problem.Moduli[i];
        return parsed is not null && parsed.SequenceEqual(expected) && Problem.Verify([n], parsed).Correct
            && !Problem.Verify([n], wrong).Correct && !Problem.Verify([n], expected[..^1]).Correct
            && Problem.AnswerMetrics[i].Holds([n], expected) && !Problem.AnswerMetrics[i].Holds([n], wrong);
    }

    [Fact]
    public void AnAnswerWithTheWrongNumberOfResidues_DoesNotParse()
    {
        var tok = MathTokenizer.For(Problem, 10, DigitOrder.MostSignificantFirst);
        Assert.Null(Problem.ParseAnswer(tok, MathTokenizer.Frame(Problem.EncodeAnswer(tok, [1, 0, 0]))));
    }

    [Fact]
    public void InputsBelowTwo_AndBadModuli_GetOneLineErrors()
    {
        Assert.Equal("1 is out of range: residues takes an integer ≥ 2.", Problem.ValidateInput([1]));
        Assert.False(Problem.TryParseInput("x", out _, out var error));
        Assert.Contains("is not an integer", error, StringComparison.Ordinal);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ProblemRegistry.Create(new ProblemOptions { Name = "residues", Modulus = 1000 }));
        Assert.Contains("problem.modulus", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Modulus_SetsTheLargestPrime_AndTheIdentity()
    {
        var small = (ResiduesProblem)ProblemRegistry.Create(new ProblemOptions { Name = "residues", Modulus = 10 });
        Assert.Equal([2L, 3, 5, 7], small.Moduli);
        Assert.Equal("residues/7", small.Identity);
        Assert.Equal("residues/31", Problem.Identity);
    }

    /// <summary>Beside factorization with the same settings it holds out the same numbers, so an auxiliary task leaks no test number.</summary>
    [Fact]
    public void SplitsExactlyLikeFactorization()
    {
        var rule = new SplitRule(42, 0.05, 0.05);
        foreach (var split in new[] { DataSplit.Train, DataSplit.Validation, DataSplit.Test, DataSplit.OutOfSample })
            Assert.Equal(
                ProblemData.Inputs(new FactorizationProblem(), 5000, rule, split, 100).Select(x => x[0]),
                ProblemData.Inputs(Problem, 5000, rule, split, 100).Select(x => x[0]));
    }
}
