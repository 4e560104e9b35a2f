using NeuralMath.Tokenization;

namespace NeuralMath.Tests.Tokenization;

public class FramingTests
{
    [Fact]
    public void Frame_WrapsInSosAndEos() =>
        Assert.Equal([Vocabulary.StartId, 7, 8, Vocabulary.EndId], MathTokenizer.Frame([7, 8]));

    [Theory]
    [InlineData(new[] { 1, 7, 8, 2 }, new[] { 7, 8 })]
    [InlineData(new[] { 7, 8, 2, 0, 9 }, new[] { 7, 8 })] // no [SOS]; everything after [EOS] is dropped
    [InlineData(new[] { 1, 2, 2 }, new int[0])]
    [InlineData(new[] { 1, 7, 2, 8, 2 }, new[] { 7 })] // the first [EOS] ends it
    public void TryTakeBody_CutsAtTheFirstEos(int[] decoded, int[] body)
    {
        Assert.True(MathTokenizer.TryTakeBody(decoded, out var taken));
        Assert.Equal(body, taken.ToArray());
    }

    [Theory]
    [InlineData(new[] { 1, 7, 8 })]
    [InlineData(new int[0])]
    [InlineData(new[] { 1 })]
    public void TryTakeBody_WithoutEos_Fails(int[] decoded) => Assert.False(MathTokenizer.TryTakeBody(decoded, out _));

    [Fact]
    public void WriteNumber_Appends_AndRejectsNegatives()
    {
        var tok = new MathTokenizer(10, DigitOrder.LeastSignificantFirst, []);
        var ids = new List<int> { 99 };
        tok.WriteNumber(ids, 120);
        Assert.Equal([99, tok.Vocabulary.IdOfDigit(0), tok.Vocabulary.IdOfDigit(2), tok.Vocabulary.IdOfDigit(1)], ids);
        Assert.Throws<ArgumentOutOfRangeException>(() => tok.WriteNumber(ids, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => tok.DigitCount(-1));
    }
}
