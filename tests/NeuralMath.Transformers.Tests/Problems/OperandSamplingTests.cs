using NeuralMath.Data;
using NeuralMath.Problems;

namespace NeuralMath.Tests.Problems;

public class OperandSamplingTests
{
    [Fact]
    public void LogUniform_IsProportionalToOneOverY()
    {
        // y = x − lo + 1 in [1, 12]: P(y) = (1/y) / H(12).
        const int draws = 200_000;
        var counts = new int[13];
        var rng = new SeededRandom(5);
        for (int i = 0; i < draws; i++) counts[OperandSampling.LogUniform(rng, 3, 14) - 2]++;
        double harmonic = Enumerable.Range(1, 12).Sum(y => 1.0 / y);
        for (int y = 1; y <= 12; y++)
        {
            double expected = draws / (y * harmonic);
            Assert.InRange(counts[y], expected - 5 * Math.Sqrt(expected), expected + 5 * Math.Sqrt(expected));
        }
        Assert.Equal(0, counts[0]);
    }

    [Fact]
    public void Draws_ArePureFunctionsOfSeedAndIndex_AndStayInRange()
    {
        long[] Draw(SeededRandom r) => [OperandSampling.Uniform(r, 0, long.MaxValue - 1), OperandSampling.LogUniform(r, 0, long.MaxValue - 1)];
        var first = OperandSampling.Draws(9, 100, Draw).ToArray();
        Assert.Equal(first.Select(p => (p[0], p[1])), OperandSampling.Draws(9, 100, Draw).Select(p => (p[0], p[1])));
        // Draw 50 alone is the same as the 50th of a run: nothing carries over between draws.
        Assert.Equal(first[50], Draw(new SeededRandom(9, 50)));
        Assert.All(first, p => Assert.True(p[0] >= 0 && p[1] >= 0));
        Assert.Equal([7L, 7L], OperandSampling.Draws(1, 1, r => [OperandSampling.Uniform(r, 7, 7), OperandSampling.LogUniform(r, 7, 7)]).Single());
    }
}
