using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuralMath.Tokenization;

namespace NeuralMath.Tests.Tokenization;

public class MathTokenizerTests
{
    [Property(MaxTest = 500)]
    public bool EveryNonNegativeInt64_RoundTrips_InAnyBaseAndOrder(long value, int baseSeed, bool lsbFirst)
    {
        long v = value == long.MinValue ? long.MaxValue : Math.Abs(value);
        int b = 2 + (int)((uint)baseSeed % 999); // 2 .. 1000
        var tok = new MathTokenizer(b, lsbFirst ? DigitOrder.LeastSignificantFirst : DigitOrder.MostSignificantFirst, ["*"]);
        var ids = tok.EncodeNumber(v);
        return ids.Length == tok.DigitCount(v) && tok.TryReadNumber(ids, out long back) && back == v;
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(long.MaxValue)]
    public void Extremes_RoundTrip_InBase2And1000(long v)
    {
        foreach (var b in new[] { 2, 30, 1000 })
        {
            var tok = new MathTokenizer(b, DigitOrder.MostSignificantFirst, []);
            Assert.True(tok.TryReadNumber(tok.EncodeNumber(v), out long back));
            Assert.Equal(v, back);
        }
    }

    [Fact]
    public void Base30_Writes45_AsOneThenFifteen()
    {
        var tok = new MathTokenizer(30, DigitOrder.MostSignificantFirst, ["*"]);
        Assert.Equal("1 15", tok.Vocabulary.Render(tok.EncodeNumber(45)));
        var lsb = new MathTokenizer(30, DigitOrder.LeastSignificantFirst, ["*"]);
        Assert.Equal("15 1", lsb.Vocabulary.Render(lsb.EncodeNumber(45)));
    }

    [Fact]
    public void Reading_RejectsLeadingZeros_Overflow_AndNonDigits()
    {
        var tok = new MathTokenizer(10, DigitOrder.MostSignificantFirst, ["*"]);
        var v = tok.Vocabulary;
        Assert.False(tok.TryReadNumber([v.IdOfDigit(0), v.IdOfDigit(5)], out _));
        Assert.False(tok.TryReadNumber([], out _));
        Assert.False(tok.TryReadNumber([v.IdOf("*")], out _));
        var tooBig = tok.EncodeNumber(long.MaxValue).Append(v.IdOfDigit(0)).ToArray();
        Assert.False(tok.TryReadNumber(tooBig, out _));
    }
}
