using NeuralMath.Data;

namespace NeuralMath.Tests.Data;

/// <summary>Two-set training's sampler: an exact, seeded, resumable draw from a fixed subset.</summary>
public sealed class RepeatedSubsetTests
{
    private static int[] Batch(int length, int offset = 1000) => Enumerable.Range(offset, length).ToArray();

    [Fact]
    public void TheSubset_IsDistinctTrainingInputs_FixedBySeed()
    {
        var a = new RepeatedSubset(500, 40, 0.25, 16, 1, seed: 3);
        Assert.Equal(40, a.Inputs.Distinct().Count());
        Assert.All(a.Inputs, i => Assert.InRange(i, 0, 499));
        Assert.Equal(a.Inputs, new RepeatedSubset(500, 40, 0.25, 16, 1, seed: 3).Inputs);
        Assert.NotEqual(a.Inputs, new RepeatedSubset(500, 40, 0.25, 16, 1, seed: 4).Inputs);
    }

    [Theory]
    [InlineData(16, 0.25, 4)]
    [InlineData(64, 0.25, 16)]
    [InlineData(10, 0.5, 5)]
    [InlineData(7, 0.1, 1)]
    public void EachBatch_KeepsItsStreamInputs_AndFillsRoundFractionSlotsFromTheSubset(int length, double fraction, int slots)
    {
        var sampler = new RepeatedSubset(500, 40, fraction, length, 1, seed: 1);
        var batch = Batch(length);
        var filled = sampler.Fill(batch, step: 5, micro: 0);
        Assert.Equal(batch[..(length - slots)], filled[..(length - slots)]);
        Assert.All(filled[(length - slots)..], i => Assert.Contains(i, sampler.Inputs));
        Assert.Equal(Batch(length), batch); // the epoch's batch is not modified
    }

    [Fact]
    public void EveryPass_ShowsEachSubsetInputExactlyOnce()
    {
        // 40 inputs, 4 slots per batch, 2 micro-batches per step: a pass is 5 steps.
        var sampler = new RepeatedSubset(500, 40, 0.25, 16, 2, seed: 9);
        var drawn = Enumerable.Range(0, 15).SelectMany(step => Enumerable.Range(0, 2).SelectMany(micro => sampler.Fill(Batch(16), step, micro)[12..])).ToArray();
        for (int pass = 0; pass < 3; pass++)
            Assert.Equal(sampler.Inputs.Order(), drawn.Skip(pass * 40).Take(40).Order());
        Assert.NotEqual(drawn[..40], drawn[40..80]); // each pass in its own order
    }

    [Fact]
    public void TheDraw_IsAFunctionOfStepAndMicroBatchOnly_SoAResumeRepeatsIt()
    {
        var straight = new RepeatedSubset(300, 25, 0.25, 8, 1, seed: 2);
        var expected = Enumerable.Range(0, 30).Select(step => straight.Fill(Batch(8), step, 0)).ToArray();
        // A fresh sampler asked out of order (as after a resume at step 17, then a look back) draws the same.
        var resumed = new RepeatedSubset(300, 25, 0.25, 8, 1, seed: 2);
        foreach (int step in new[] { 17, 18, 29, 3, 0, 17 })
            Assert.Equal(expected[step], resumed.Fill(Batch(8), step, 0));
    }
}
