using NeuralMath.Tokenization;

namespace NeuralMath.Tests.Tokenization;

public class VocabularyTests
{
    [Fact]
    public void Layout_IsSpecials_ThenOperators_ThenTasks_ThenDigits()
    {
        var v = new Vocabulary(10, ["*", "+"], ["<fact>"]);
        Assert.Equal(["[PAD]", "[SOS]", "[EOS]", "*", "+", "<fact>", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], v.Symbols);
        Assert.Equal((0, 1, 2), (Vocabulary.PadId, Vocabulary.StartId, Vocabulary.EndId));
        Assert.Equal(6, v.FirstDigitId);
        Assert.Equal(16, v.Size);
        Assert.Equal(9, v.DigitOf(v.IdOfDigit(9)));
        Assert.True(v.IsDigit(15) && !v.IsDigit(5) && !v.IsDigit(16));
        Assert.Equal("[?99]", v.SymbolOf(99));
        Assert.Equal("[SOS] 4 * 2 [EOS]", v.Render([1, v.IdOfDigit(4), v.IdOf("*"), v.IdOfDigit(2), 2]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4097)]
    public void BaseOutsideLimits_Throws(int numberBase) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Vocabulary(numberBase, ["*"]));

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("x2")]
    [InlineData("[EOS]")]
    public void BadOperatorTokens_Throw(string op) =>
        Assert.Throws<ArgumentException>(() => new Vocabulary(10, [op]));

    [Fact]
    public void DuplicateOperators_AreMerged_AndUnknownSymbolsThrow()
    {
        var v = new Vocabulary(2, ["*", "*"]);
        Assert.Equal(["*"], v.Operators);
        Assert.Throws<KeyNotFoundException>(() => v.IdOf("+"));
        Assert.Throws<ArgumentOutOfRangeException>(() => v.IdOfDigit(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => v.DigitOf(Vocabulary.EndId));
    }
}
