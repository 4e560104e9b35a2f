using FsCheck.Xunit;
using NeuralMath.Data;
using NeuralMath.Problems;
using NeuralMath.Tokenization;

namespace NeuralMath.Tests.Data;

public class LengthBucketBatcherTests
{
    [Property(MaxTest = 100)]
    public bool EveryExample_AppearsExactlyOncePerEpoch_AndTheBatchCountIsConstant(ushort count, byte batchSeed, ulong seed)
    {
        int n = count % 3000, batchSize = 1 + batchSeed % 64;
        var (sources, targets) = RandomLengths(n, seed);
        var batcher = new LengthBucketBatcher(sources, targets, batchSize, seed);
        if (batcher.BatchesPerEpoch != (n + batchSize - 1) / batchSize) return false;
        foreach (int epoch in new[] { 0, 1, 5 })
        {
            var batches = batcher.Epoch(epoch);
            var seen = batches.SelectMany(b => b).Order().ToArray();
            bool shortBatchesOk = batches.Count(b => b.Length != batchSize) <= 1 && batches.All(b => b.Length is > 0 && b.Length <= batchSize);
            if (batches.Count != batcher.BatchesPerEpoch || !seen.SequenceEqual(Enumerable.Range(0, n)) || !shortBatchesOk) return false;
        }
        return true;
    }

    [Property(MaxTest = 60)]
    public bool WithCopies_EveryExampleAppearsExactlyItsCopyCountPerEpoch(ushort count, byte batchSeed, ulong seed)
    {
        int n = count % 1500, batchSize = 1 + batchSeed % 64;
        var (sources, targets) = RandomLengths(n, seed);
        var copies = Enumerable.Range(0, n).Select(i => 1 + (int)((seed + (ulong)i * 7) % 4)).ToArray();
        var batcher = new LengthBucketBatcher(sources, targets, batchSize, seed, copies);
        long total = copies.Sum(c => (long)c);
        if (batcher.EpochSize != total || batcher.BatchesPerEpoch != (total + batchSize - 1) / batchSize) return false;
        foreach (int epoch in new[] { 0, 3 })
        {
            var counts = new int[n];
            foreach (int i in batcher.Epoch(epoch).SelectMany(b => b)) counts[i]++;
            if (!counts.SequenceEqual(copies)) return false;
        }
        // Seeded: a second batcher (a resumed run) sees the same epoch.
        var again = new LengthBucketBatcher(sources, targets, batchSize, seed, copies);
        return again.Epoch(3).Zip(batcher.Epoch(3)).All(pair => pair.First.SequenceEqual(pair.Second));
    }

    [Fact]
    public void Copies_MustMatchTheExamples_AndBeAtLeastOne()
    {
        Assert.Throws<ArgumentException>(() => new LengthBucketBatcher([1, 2], [1, 2], 4, 1, [1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LengthBucketBatcher([1, 2], [1, 2], 4, 1, [1, 0]));
    }

    [Fact]
    public void SameSeedAndEpoch_GiveTheSameBatches_OtherEpochsAndSeedsDiffer()
    {
        var (sources, targets) = RandomLengths(10_000, 1);
        var a = new LengthBucketBatcher(sources, targets, 32, 99);
        var b = new LengthBucketBatcher(sources, targets, 32, 99);
        var c = new LengthBucketBatcher(sources, targets, 32, 100);
        Assert.Equal(a.Epoch(3), b.Epoch(3)); // e.g. a run resumed at epoch 3
        Assert.NotEqual(a.Epoch(3), a.Epoch(4));
        Assert.NotEqual(a.Epoch(3), c.Epoch(3));
        Assert.Equal(a.Epoch(0), a.Epoch(0)); // Epoch does not advance hidden state
    }

    [Fact]
    public void PaddingWaste_IsMuchLowerThanUnsortedBatches_OnRealFactorizationData()
    {
        var problem = new FactorizationProblem();
        var data = EncodedDataset.Build(problem, new MathTokenizer(10, DigitOrder.MostSignificantFirst, problem.Operators), problem.InRange(1 << 16));
        int[] sources = data.Sources.Select(s => s.Length).ToArray(), targets = data.Targets.Select(t => t.Length).ToArray();
        var (sorted, unsorted) = SortedAndUnsorted(sources, targets, 64);
        long sortedWaste = Waste(sorted, sources) + Waste(sorted, targets), unsortedWaste = Waste(unsorted, sources) + Waste(unsorted, targets);
        Assert.True(sortedWaste * 10 < unsortedWaste, $"sorted waste {sortedWaste}, unsorted {unsortedWaste}");
    }

    [Fact]
    public void TargetPaddingWaste_IsNearZero_EvenWithUncorrelatedLengths()
    {
        // Targets are the primary sort key; with independent random source lengths only the target side can be tight.
        var (sources, targets) = RandomLengths(20_000, 7);
        var (sorted, unsorted) = SortedAndUnsorted(sources, targets, 64);
        Assert.True(Waste(sorted, targets) * 20 < Waste(unsorted, targets), $"sorted {Waste(sorted, targets)}, unsorted {Waste(unsorted, targets)}");
    }

    [Fact]
    public void Batches_AreSortedByTargetThenSourceLength_WithinAPool()
    {
        // One pool (N ≤ 50 × batch size): consecutive batches of the sorted pool have non-overlapping target lengths.
        var (sources, targets) = RandomLengths(500, 2);
        var batches = new LengthBucketBatcher(sources, targets, 10, 1).Epoch(0);
        var ranges = batches.Select(b => (Min: b.Min(i => targets[i]), Max: b.Max(i => targets[i]))).OrderBy(r => r.Min).ThenBy(r => r.Max).ToList();
        for (int k = 1; k < ranges.Count; k++) Assert.True(ranges[k - 1].Max <= ranges[k].Min);
    }

    [Fact]
    public void Batches_ArePinned_SoTheyMatchOnEveryMachineAndRuntime()
    {
        // Golden values from an independent Python implementation (xoshiro256**, Lemire bounded ints,
        // Fisher-Yates, Python's stable sort); a resumed run on another machine must see exactly these batches.
        int[] sources = [5, 3, 4, 3, 6, 5, 3, 4, 5, 6, 3], targets = [4, 4, 9, 2, 4, 7, 4, 2, 9, 4, 4];
        var batcher = new LengthBucketBatcher(sources, targets, 2, 1);
        Assert.Equal([[3, 7], [6, 0], [8], [5, 2], [4, 9], [1, 10]], batcher.Epoch(0));
        Assert.Equal([[1, 10], [8], [3, 7], [4, 9], [5, 2], [6, 0]], batcher.Epoch(1));
        // Three pools (100, 100, 50 examples).
        var many = new LengthBucketBatcher(Enumerable.Range(0, 250).Select(i => i % 7).ToArray(), Enumerable.Range(0, 250).Select(i => i * 13 % 11).ToArray(), 2, 9);
        var epoch3 = many.Epoch(3);
        Assert.Equal(125, epoch3.Count);
        Assert.Equal([[0, 154], [167, 13], [17, 138], [244, 63]], epoch3.Take(4));
    }

    [Fact]
    public void EdgeCases_EmptySmallAndSingleton()
    {
        Assert.Empty(new LengthBucketBatcher([], [], 8, 1).Epoch(0));
        var few = new LengthBucketBatcher([3, 4, 5], [3, 3, 3], 8, 1);
        Assert.Equal(1, few.BatchesPerEpoch);
        Assert.Equal([0, 1, 2], few.Epoch(2).Single()); // ties broken by source length
        var ones = new LengthBucketBatcher([1, 1, 1, 1], [1, 1, 1, 1], 1, 1);
        Assert.Equal(4, ones.Epoch(0).Count);
    }

    [Fact]
    public void BadArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LengthBucketBatcher([1], [1], 0, 1));
        Assert.Throws<ArgumentException>(() => new LengthBucketBatcher([1, 2], [1], 4, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LengthBucketBatcher([1, -2], [1, 1], 4, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LengthBucketBatcher([1], [1], 4, 1).Epoch(-1));
    }

    // The batcher's epoch 0, and a baseline with the same batch size over a plain shuffle.
    private static (IReadOnlyList<int[]> Sorted, List<int[]> Unsorted) SortedAndUnsorted(int[] sources, int[] targets, int batchSize)
    {
        var shuffled = Enumerable.Range(0, sources.Length).ToArray();
        new Random(5).Shuffle(shuffled);
        return (new LengthBucketBatcher(sources, targets, batchSize, 5).Epoch(0), shuffled.Chunk(batchSize).ToList());
    }

    private static long Waste(IEnumerable<int[]> batches, int[] lengths) =>
        batches.Sum(b => { int max = b.Max(i => lengths[i]); return b.Sum(i => (long)(max - lengths[i])); });

    private static (int[] Sources, int[] Targets) RandomLengths(int n, ulong seed)
    {
        var rng = new Random((int)(seed % int.MaxValue));
        return (Enumerable.Range(0, n).Select(_ => rng.Next(3, 20)).ToArray(), Enumerable.Range(0, n).Select(_ => rng.Next(3, 40)).ToArray());
    }
}
