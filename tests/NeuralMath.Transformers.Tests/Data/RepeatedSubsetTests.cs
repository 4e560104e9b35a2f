using NeuralMath.Data;

namespace NeuralMath.Tests.Data;

/// <summary>Two-set training's sampler: an exact, seeded, resumable draw from a fixed subset.</summary>
public sealed class RepeatedSubsetTests
{
    private static int[] Batch(int length, int offset = 1000) => Enumerable.Range(offset, length).ToArray();

    // Every input as long as its index: batches of higher offsets are longer.
    private static long Length(int input) => input;

    private static int[][] Block(int count, int length) => Enumerable.Range(0, count).Select(b => Batch(length, 1000 + 100 * b)).ToArray();

    [Fact]
    public void TheSubset_IsDistinctTrainingInputs_FixedBySeed()
    {
        var a = new RepeatedSubset(500, 40, 0.25, 16, seed: 3);
        Assert.Equal(40, a.Inputs.Distinct().Count());
        Assert.All(a.Inputs, i => Assert.InRange(i, 0, 499));
        Assert.Equal(a.Inputs, new RepeatedSubset(500, 40, 0.25, 16, seed: 3).Inputs);
        Assert.NotEqual(a.Inputs, new RepeatedSubset(500, 40, 0.25, 16, seed: 4).Inputs);
    }

    [Fact]
    public void ChoiceFirst_TakesTheFirstInputs_WhateverTheSeed()
    {
        Assert.Equal(Enumerable.Range(0, 40), new RepeatedSubset(500, 40, 0.25, 16, seed: 3, RepeatedChoice.First).Inputs);
        Assert.Equal(Enumerable.Range(0, 40), new RepeatedSubset(500, 40, 0.25, 16, seed: 4, RepeatedChoice.First).Inputs);
    }

    [Theory]
    [InlineData(16, 0.25, 4)]
    [InlineData(64, 0.25, 16)]
    [InlineData(10, 0.5, 5)]
    [InlineData(7, 0.1, 1)]
    public void EachBatch_KeepsItsStreamInputs_AndFillsRoundFractionSlotsFromTheSubset(int length, double fraction, int slots)
    {
        var sampler = new RepeatedSubset(500, 40, fraction, length, seed: 1);
        var block = Block(3, length);
        var filled = sampler.Fill(block, firstMicro: 5, Length);
        for (int b = 0; b < block.Length; b++)
        {
            Assert.Equal(block[b][..(length - slots)], filled[b][..(length - slots)]);
            Assert.All(filled[b][(length - slots)..], i => Assert.Contains(i, sampler.Inputs));
        }
        Assert.Equal(Block(3, length), block); // the epoch's batches are not modified
    }

    [Fact]
    public void AShortBatch_GetsRoundFractionOfItsOwnLength()
    {
        var sampler = new RepeatedSubset(500, 40, 0.25, 16, seed: 1);
        var filled = sampler.Fill([Batch(16), Batch(8, 2000)], firstMicro: 0, Length);
        Assert.Equal(Batch(8, 2000)[..6], filled[1][..6]);
        Assert.All(filled[1][6..], i => Assert.Contains(i, sampler.Inputs));
    }

    [Fact]
    public void EveryPass_ShowsEachSubsetInputExactlyOnce()
    {
        // 40 inputs, 4 slots per batch: a pass is 10 micro-batches; 3 blocks of 10 are 3 passes. Equal lengths keep
        // the draw order (the sort is stable), which shows each pass's own shuffle.
        var sampler = new RepeatedSubset(500, 40, 0.25, 16, seed: 9);
        var passes = Enumerable.Range(0, 3).Select(p => sampler.Fill(Block(10, 16), p * 10, _ => 0).SelectMany(b => b[12..]).ToArray()).ToArray();
        foreach (var drawn in passes) Assert.Equal(sampler.Inputs.Order(), drawn.Order());
        Assert.NotEqual(passes[0], passes[1]); // each pass in its own order
    }

    [Fact]
    public void TheSubsetSlots_FollowTheBatchLengths()
    {
        // Batches listed longest first: the longest batch gets the longest draws of the block, and so on down.
        var sampler = new RepeatedSubset(500, 40, 0.25, 16, seed: 5);
        var block = Block(8, 16).Reverse().ToArray();
        var filled = sampler.Fill(block, firstMicro: 0, Length);
        for (int b = 1; b < block.Length; b++)
            Assert.True(filled[b][12..].Max() <= filled[b - 1][12..].Min(), $"batch {b} got longer subset inputs than the longer batch {b - 1}");
        Assert.Equal(32, filled.SelectMany(f => f[12..]).Distinct().Count()); // 32 draws of one pass: all different
    }

    [Fact]
    public void TheFill_IsAFunctionOfTheMicroBatchIndex_SoAResumeRepeatsIt()
    {
        var straight = new RepeatedSubset(300, 25, 0.25, 8, seed: 2);
        var expected = Enumerable.Range(0, 12).Select(block => straight.Fill(Block(5, 8), block * 5L, Length)).ToArray();
        // A fresh sampler asked out of order (as after a resume, then a look back) fills the same.
        var resumed = new RepeatedSubset(300, 25, 0.25, 8, seed: 2);
        foreach (int block in new[] { 7, 8, 11, 3, 0, 7 })
            Assert.Equal(expected[block], resumed.Fill(Block(5, 8), block * 5L, Length));
    }
}
