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
    public void EachBatch_KeepsAllItsStreamInputs_AndAddsRoundFractionSlotsFromTheSubset(int batchSize, double fraction, int slots)
    {
        var sampler = new RepeatedSubset(500, 40, fraction, batchSize, seed: 1);
        Assert.Equal(slots, sampler.SlotsPerBatch);
        Assert.Equal(batchSize - slots, sampler.StreamBatchSize);
        var block = Block(3, batchSize - slots);
        var filled = sampler.Fill(block, firstMicro: 5, Length);
        for (int b = 0; b < block.Length; b++)
        {
            Assert.Equal(batchSize, filled[b].Length);
            Assert.Equal(block[b], filled[b][..(batchSize - slots)]); // no stream input is displaced
            Assert.All(filled[b][(batchSize - slots)..], i => Assert.Contains(i, sampler.Inputs));
        }
        Assert.Equal(Block(3, batchSize - slots), block); // the epoch's batches are not modified
    }

    [Fact]
    public void AShortBatch_GetsTheSubsetsShareOfItsOwnLength()
    {
        // Stream batches of 12 get 4 draws; a short one of 6 gets round(6 × 4 / 12) = 2.
        var sampler = new RepeatedSubset(500, 40, 0.25, 16, seed: 1);
        var filled = sampler.Fill([Batch(12), Batch(6, 2000)], firstMicro: 0, Length);
        Assert.Equal(8, filled[1].Length);
        Assert.Equal(Batch(6, 2000), filled[1][..6]);
        Assert.All(filled[1][6..], i => Assert.Contains(i, sampler.Inputs));
    }

    [Fact]
    public void AStreamBatchWithoutRoomForTheSubset_IsRefused()
    {
        var sampler = new RepeatedSubset(500, 40, 0.25, 16, seed: 1);
        var e = Assert.Throws<ArgumentException>(() => sampler.Fill([Batch(16)], firstMicro: 0, Length));
        Assert.Contains("at most 12 leave room for the subset", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.25, 2)]  // round(0.5) = 0 slots
    [InlineData(0.95, 10)] // round(9.5) = 10 slots, no room for the stream
    public void AFractionThatLeavesNoSlotForTheSubsetOrTheStream_IsRefused(double fraction, int batchSize) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RepeatedSubset(500, 40, fraction, batchSize, seed: 1));

    [Fact]
    public void EveryPass_ShowsEachSubsetInputExactlyOnce()
    {
        // 40 inputs, 4 slots per batch: a pass is 10 micro-batches; 3 blocks of 10 are 3 passes. Equal lengths keep
        // the draw order (the sort is stable), which shows each pass's own shuffle.
        var sampler = new RepeatedSubset(500, 40, 0.25, 16, seed: 9);
        var passes = Enumerable.Range(0, 3).Select(p => sampler.Fill(Block(10, 12), p * 10, _ => 0).SelectMany(b => b[12..]).ToArray()).ToArray();
        foreach (var drawn in passes) Assert.Equal(sampler.Inputs.Order(), drawn.Order());
        Assert.NotEqual(passes[0], passes[1]); // each pass in its own order
    }

    [Fact]
    public void TheSubsetSlots_FollowTheBatchLengths()
    {
        // Batches listed longest first: the longest batch gets the longest draws of the block, and so on down.
        var sampler = new RepeatedSubset(500, 40, 0.25, 16, seed: 5);
        var block = Block(8, 12).Reverse().ToArray();
        var filled = sampler.Fill(block, firstMicro: 0, Length);
        for (int b = 1; b < block.Length; b++)
            Assert.True(filled[b][12..].Max() <= filled[b - 1][12..].Min(), $"batch {b} got longer subset inputs than the longer batch {b - 1}");
        Assert.Equal(32, filled.SelectMany(f => f[12..]).Distinct().Count()); // 32 draws of one pass: all different
    }

    [Fact]
    public void ASubsetSmallerThanABlocksDraws_DoesNotCrowdItsCopiesIntoOneBatch()
    {
        // 10 inputs, 4 slots, 50 batches: 200 draws, 20 passes. Sorted by length over the block, each input's 20 copies
        // would fill five batches alone; matched two batches (one pass) at a time, a batch holds an input at most twice.
        var sampler = new RepeatedSubset(500, 10, 0.25, 16, seed: 3);
        var filled = sampler.Fill(Block(50, 12), firstMicro: 0, Length);
        Assert.All(filled, batch => Assert.True(batch[12..].GroupBy(i => i).Max(g => g.Count()) <= 2, $"subset slots {string.Join(',', batch[12..])}"));
    }

    [Fact]
    public void TheFill_IsAFunctionOfTheMicroBatchIndex_SoAResumeRepeatsIt()
    {
        var straight = new RepeatedSubset(300, 25, 0.25, 8, seed: 2);
        var expected = Enumerable.Range(0, 12).Select(block => straight.Fill(Block(5, 6), block * 5L, Length)).ToArray();
        // A fresh sampler asked out of order (as after a resume, then a look back) fills the same.
        var resumed = new RepeatedSubset(300, 25, 0.25, 8, seed: 2);
        foreach (int block in new[] { 7, 8, 11, 3, 0, 7 })
            Assert.Equal(expected[block], resumed.Fill(Block(5, 6), block * 5L, Length));
    }
}
