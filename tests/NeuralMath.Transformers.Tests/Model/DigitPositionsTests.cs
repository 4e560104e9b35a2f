using System.Numerics;
using FsCheck.Xunit;
using NeuralMath.Data;
using NeuralMath.Model;
using NeuralMath.Problems;
using NeuralMath.Runtime;
using NeuralMath.Tokenization;
using static TorchSharp.torch;

namespace NeuralMath.Tests.Model;

/// <summary>Per-number digit positions: ids worked out by hand, and the place-value law they follow.</summary>
public class DigitPositionsTests
{
    private static readonly AdditionProblem Addition = new();

    private static MathTokenizer Tokenizer(DigitOrder order, int numberBase = 10) => new(numberBase, order, Addition.Operators);

    /// <summary>The framed source and the decoder input ([SOS] + answer) of a problem, as a batch of one.</summary>
    private static (long[] Source, long[] DecoderInput, MathTokenizer Tokenizer) Encode(long a, long b, DigitOrder order, int numberBase = 10)
    {
        var tokenizer = Tokenizer(order, numberBase);
        var source = MathTokenizer.Frame(Addition.EncodeInput(tokenizer, [a, b]));
        var target = MathTokenizer.Frame(Addition.EncodeAnswer(tokenizer, [a + b]));
        return ([.. source.Select(i => (long)i)], [.. target[..^1].Select(i => (long)i)], tokenizer);
    }

    private static long[] SourceIds(long[] source, MathTokenizer tokenizer)
    {
        TorchRuntime.EnsureLoaded();
        using var ids = DigitPositions.SourceIds(tensor(source).unsqueeze(0), tokenizer.Vocabulary.FirstDigitId, tokenizer.Order);
        return ids.data<long>().ToArray();
    }

    private static long[] TargetIds(long[] decoderInput, MathTokenizer tokenizer)
    {
        TorchRuntime.EnsureLoaded();
        using var ids = DigitPositions.TargetIds(tensor(decoderInput).unsqueeze(0), tokenizer.Vocabulary.FirstDigitId);
        return ids.data<long>().ToArray();
    }

    [Theory]
    // 45+202 = 247, operands of different lengths. Source: [SOS] a + b [EOS]; a digit's id is 1 + its place value.
    [InlineData(DigitOrder.LeastSignificantFirst, 45, 202, "[SOS] 5 4 + 2 0 2 [EOS]", new long[] { 0, 1, 2, 0, 1, 2, 3, 0 }, "[SOS] 7 4 2", new long[] { 1, 2, 3, 4 })]
    [InlineData(DigitOrder.MostSignificantFirst, 45, 202, "[SOS] 4 5 + 2 0 2 [EOS]", new long[] { 0, 2, 1, 0, 3, 2, 1, 0 }, "[SOS] 2 4 7", new long[] { 1, 2, 3, 4 })]
    // 9+991 = 1000: a one-digit operand and an answer longer than both operands.
    [InlineData(DigitOrder.LeastSignificantFirst, 9, 991, "[SOS] 9 + 1 9 9 [EOS]", new long[] { 0, 1, 0, 1, 2, 3, 0 }, "[SOS] 0 0 0 1", new long[] { 1, 2, 3, 4, 5 })]
    [InlineData(DigitOrder.MostSignificantFirst, 9, 991, "[SOS] 9 + 9 9 1 [EOS]", new long[] { 0, 1, 0, 3, 2, 1, 0 }, "[SOS] 1 0 0 0", new long[] { 1, 2, 3, 4, 5 })]
    // 0+0 = 0: single digits.
    [InlineData(DigitOrder.LeastSignificantFirst, 0, 0, "[SOS] 0 + 0 [EOS]", new long[] { 0, 1, 0, 1, 0 }, "[SOS] 0", new long[] { 1, 2 })]
    public void HandWorkedExamples(DigitOrder order, long a, long b, string source, long[] sourceIds, string decoderInput, long[] targetIds)
    {
        var (src, dec, tokenizer) = Encode(a, b, order);
        Assert.Equal(source, tokenizer.Vocabulary.Render([.. src.Select(i => (int)i)]));
        Assert.Equal(decoderInput, tokenizer.Vocabulary.Render([.. dec.Select(i => (int)i)]));
        Assert.Equal(sourceIds, SourceIds(src, tokenizer));
        Assert.Equal(targetIds, TargetIds(dec, tokenizer));
    }

    [Fact]
    public void PaddingAndOperators_AreNotDigits_AndEachRowIsCountedOnItsOwn()
    {
        TorchRuntime.EnsureLoaded();
        var tokenizer = Tokenizer(DigitOrder.MostSignificantFirst);
        int[] Source(long a, long b) => MathTokenizer.Frame(Addition.EncodeInput(tokenizer, [a, b]));
        using var batch = Batching.PadRight([Source(1234, 5), Source(7, 89)]);        // the second row is padded
        using var ids = DigitPositions.SourceIds(batch, tokenizer.Vocabulary.FirstDigitId, tokenizer.Order);
        Assert.Equal(new long[] { 0, 4, 3, 2, 1, 0, 1, 0 }, ids[0].data<long>().ToArray());
        Assert.Equal(new long[] { 0, 1, 0, 2, 1, 0, 0, 0 }, ids[1].data<long>().ToArray());
    }

    [Fact]
    public void OneStepAtATime_GivesTheSameIdsAsTheWholeDecoderInput()
    {
        TorchRuntime.EnsureLoaded();
        // A factorization-like answer: numbers separated by an operator token, so a run ends and starts again.
        var tokenizer = new MathTokenizer(10, DigitOrder.MostSignificantFirst, ["*"]);
        var v = tokenizer.Vocabulary;
        long[] input = [Vocabulary.StartId, v.IdOfDigit(7), v.IdOf("*"), v.IdOfDigit(1), v.IdOfDigit(3), v.IdOf("*"), v.IdOfDigit(2)];
        using var whole = DigitPositions.TargetIds(tensor(input).unsqueeze(0), v.FirstDigitId);
        Assert.Equal(new long[] { 1, 2, 1, 2, 3, 1, 2 }, whole.data<long>().ToArray());
        var run = zeros(1, dtype: ScalarType.Int64);
        foreach (var (token, expected) in input.Zip(whole.data<long>().ToArray()))
        {
            run = DigitPositions.StepRun(tensor(new[] { token }), run, v.FirstDigitId);
            Assert.Equal(expected, run.item<long>() + 1);
        }
    }

    [Fact]
    public void TheCrossAttentionWindow_ShowsThePlaceWrittenAndThePlacesBelow()
    {
        TorchRuntime.EnsureLoaded();
        // 45+202 least-significant first: source ids 0 1 2 0 1 2 3 0; decoder ids 1 2 3 4 (writing places 0..3).
        var (src, dec, tokenizer) = Encode(45, 202, DigitOrder.LeastSignificantFirst);
        using var sourceIds = DigitPositions.SourceIds(tensor(src).unsqueeze(0), tokenizer.Vocabulary.FirstDigitId, tokenizer.Order);
        using var queryIds = DigitPositions.TargetIds(tensor(dec).unsqueeze(0), tokenizer.Vocabulary.FirstDigitId);
        using var mask = DigitPositions.WindowMask(sourceIds, queryIds, 1);
        Assert.Equal(new long[] { 1, 1, 4, 8 }, mask.shape);
        string Row(int query) => string.Concat(mask[0, 0, query].data<float>().ToArray().Select(v => v == 0 ? 'o' : 'x'));
        // [SOS], '+' and [EOS] stay visible; digits of higher places, or two or more places below, do not.
        Assert.Equal("ooxooxxo", Row(0));   // query id 1 (units): id 1 (0 would be the place below)
        Assert.Equal("ooooooxo", Row(1));   // query id 2 (tens): ids 1 and 2
        Assert.Equal("oxooxooo", Row(2));   // query id 3 (hundreds): ids 2 and 3
        Assert.Equal("oxxoxxoo", Row(3));   // query id 4 (thousands, the final carry): id 3
    }

    /// <summary>
    /// The law that makes per-number positions useful: the source digits with id j are exactly the operands' digits of
    /// place value j − 1, in either order and any base; least-significant first, the decoder input with id j predicts
    /// the answer's digit of place value j − 1, so the answer digit and the operand digits it depends on share an id.
    /// </summary>
    [Property(MaxTest = 200)]
    public bool SourceIds_ArePlaceValues_AndLsbTargetsAlignWithThem(long x, long y, byte baseSeed, bool lsbFirst)
    {
        long a = x == long.MinValue ? 0 : Math.Abs(x) / 2, b = y == long.MinValue ? 0 : Math.Abs(y) / 2;
        int numberBase = 2 + baseSeed % 35;
        var order = lsbFirst ? DigitOrder.LeastSignificantFirst : DigitOrder.MostSignificantFirst;
        var (src, dec, tokenizer) = Encode(a, b, order, numberBase);
        var v = tokenizer.Vocabulary;
        var ids = SourceIds(src, tokenizer);
        // Rebuild each operand from (digit, id) pairs: digit × base^(id − 1), operands split at the operator.
        var operands = new List<BigInteger> { 0 };
        for (int i = 1; i < src.Length - 1; i++)
        {
            if (!v.IsDigit((int)src[i])) { operands.Add(0); continue; }
            operands[^1] += v.DigitOf((int)src[i]) * BigInteger.Pow(numberBase, (int)ids[i] - 1);
        }
        bool sourceLaw = operands.Count == 2 && operands[0] == a && operands[1] == b && ids[0] == 0 && ids[^1] == 0;
        if (!lsbFirst) return sourceLaw;
        // The decoder input at t predicts the target token at t + 1 (the next digit, or [EOS] after the last).
        var targetIds = TargetIds(dec, tokenizer);
        BigInteger answer = 0;
        for (int t = 0; t + 1 < dec.Length; t++) answer += v.DigitOf((int)dec[t + 1]) * BigInteger.Pow(numberBase, (int)targetIds[t] - 1);
        return sourceLaw && answer == (BigInteger)a + b;
    }
}
