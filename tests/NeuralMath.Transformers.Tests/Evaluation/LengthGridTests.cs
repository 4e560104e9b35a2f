using FsCheck.Xunit;
using NeuralMath.Evaluation;
using NeuralMath.Problems;
using NeuralMath.Tokenization;

namespace NeuralMath.Tests.Evaluation;

public class LengthGridTests
{
    private static readonly AdditionProblem Addition = new();

    [Property(MaxTest = 30)]
    public bool EveryInput_HasTheLengthsOfItsCell_InTheGridsBase(byte baseSeed, byte fromSeed, byte spanSeed)
    {
        int numberBase = 2 + baseSeed % 30, from = 1 + fromSeed % 6, to = from + spanSeed % 3;
        var tokenizer = new MathTokenizer(numberBase, DigitOrder.LeastSignificantFirst, Addition.Operators);
        var inputs = LengthGrid.Inputs(Addition, numberBase, from, to, perCell: 7);
        var cells = inputs.GroupBy(i => (tokenizer.DigitCount(i[0]), tokenizer.DigitCount(i[1]))).ToDictionary(g => g.Key, g => g.ToArray());
        return cells.Keys.All(c => c.Item1 >= from && c.Item1 <= to && c.Item2 >= from && c.Item2 <= to)
            && cells.Values.All(c => c.Length <= 7 && c.Select(i => (i[0], i[1])).Distinct().Count() == c.Length)
            && inputs.All(i => Addition.ValidateInput(i) is null);
    }

    [Fact]
    public void SmallCells_AreEnumerated_LargeOnesSampled_TheSameOnEveryCall()
    {
        var inputs = LengthGrid.Inputs(Addition, 10, 1, 2, perCell: 100);
        var tokenizer = new MathTokenizer(10, DigitOrder.MostSignificantFirst, Addition.Operators);
        var byCell = inputs.GroupBy(i => LengthGrid.Bucket(tokenizer, i)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(100, byCell["1x1"]);      // all 10 × 10 pairs, 0 included
        Assert.Equal(100, byCell["1x2"]);      // 100 of the 900
        Assert.Equal(100, byCell["2x2"]);
        Assert.Equal(inputs.Select(i => (i[0], i[1])), LengthGrid.Inputs(Addition, 10, 1, 2, perCell: 100).Select(i => (i[0], i[1])));
        // A cell's draws do not depend on which other cells the grid has.
        var alone = LengthGrid.Inputs(Addition, 10, 2, 2, perCell: 100);
        Assert.Equal(alone.Select(i => (i[0], i[1])), inputs.Where(i => i[0] >= 10 && i[1] >= 10).Select(i => (i[0], i[1])));
    }

    [Fact]
    public void LengthsPastInt64_AndInputsTheProblemRejects_AreLeftOut()
    {
        // Not every 19-digit number fits int64 (they run to 10^19 − 1, past 9.2e18), so lengths 19 and 20 are left out.
        var inputs = LengthGrid.Inputs(Addition, 10, 18, 20, perCell: 5);
        var tokenizer = new MathTokenizer(10, DigitOrder.MostSignificantFirst, Addition.Operators);
        Assert.Equal(5, inputs.Count);
        Assert.All(inputs, i => Assert.Equal("18x18", LengthGrid.Bucket(tokenizer, i)));
        Assert.All(inputs, i => Assert.Null(Addition.ValidateInput(i)));
        // gcd operands start at 1: its 1x1 cell has the 81 pairs without a 0.
        Assert.Equal(81, LengthGrid.Inputs(new GcdProblem(), 10, 1, 1, perCell: 100).Count);
    }

    [Fact]
    public void Buckets_ReadBack_AndOnlyTwoOperandProblemsHaveAGrid()
    {
        Assert.True(LengthGrid.TryParseBucket("5x12", out int a, out int b));
        Assert.Equal((5, 12), (a, b));
        Assert.False(LengthGrid.TryParseBucket("d01", out _, out _));
        Assert.False(LengthGrid.TryParseBucket("5x", out _, out _));
        Assert.Throws<ArgumentException>(() => LengthGrid.Inputs(new FactorizationProblem(), 10, 1, 2, 5));
    }

    [Fact]
    public void TheLargerOperandGroup_CountsDigitsFromAThousandOn()
    {
        Assert.Equal([("largerOperand", "900-999")], Addition.MetricGroups([999, 5]));
        Assert.Equal([("largerOperand", "1000-9999")], Addition.MetricGroups([5, 1000]));
        Assert.Equal([("largerOperand", "10000-99999")], Addition.MetricGroups([12345, 99999]));
        Assert.Equal([("largerOperand", "1000000000000000000-9223372036854775807")], Addition.MetricGroups([long.MaxValue, 0]));
    }
}
