using NeuralMath.Data;

namespace NeuralMath.Tests.Multitask;

public class TaskMixtureTests
{
    // 50 examples of task 0 and 200 of task 1, weighted 3:1: an epoch of 250 holds 188 and 62 (187.5 and 62.5, the tie to the first).
    private static readonly int[] TaskOf = [.. Enumerable.Repeat(0, 50), .. Enumerable.Repeat(1, 200)];

    private static TaskMixture Mixture(ulong seed = 9) => new(Enumerable.Range(0, TaskOf.Length).ToArray(), TaskOf, [3.0, 1.0], seed);

    [Fact]
    public void EveryEpoch_HoldsEachTasksExactShare()
    {
        var mixture = Mixture();
        Assert.Equal([188, 62], mixture.Quotas());
        for (int epoch = 0; epoch < 6; epoch++)
        {
            var examples = mixture.Epoch(epoch);
            Assert.Equal(250, examples.Length);
            Assert.Equal(188, examples.Count(i => TaskOf[i] == 0));
            Assert.Equal(62, examples.Count(i => TaskOf[i] == 1));
        }
    }

    [Fact]
    public void WithinATask_EveryExampleIsSeenEquallyOften()
    {
        var mixture = Mixture();
        // Task 0 draws 188 a epoch from 50 examples: over 25 epochs, 4,700 draws = 94 passes, each example 94 times.
        var counts = Enumerable.Range(0, 25).SelectMany(mixture.Epoch).Where(i => TaskOf[i] == 0).CountBy(i => i).Select(c => c.Value).ToArray();
        Assert.Equal(50, counts.Length);
        Assert.All(counts, c => Assert.Equal(94, c));
        // Task 1 draws 62 a epoch from 200: after 100 epochs (31 passes) every example 31 times.
        var large = Enumerable.Range(0, 100).SelectMany(mixture.Epoch).Where(i => TaskOf[i] == 1).CountBy(i => i).Select(c => c.Value).ToArray();
        Assert.All(large, c => Assert.Equal(31, c));
        Assert.Equal(200, large.Length);
    }

    [Fact]
    public void AnEpoch_IsAPureFunctionOfSeedAndEpoch_SoAResumeDrawsTheSameStream()
    {
        var straight = Mixture();
        var expected = Enumerable.Range(0, 8).Select(straight.Epoch).ToArray();
        var resumed = Mixture();
        foreach (int epoch in new[] { 5, 2, 7, 0, 3, 1, 6, 4 }) Assert.Equal(expected[epoch], resumed.Epoch(epoch));
        Assert.NotEqual(expected[0], Mixture(seed: 10).Epoch(0));
    }

    [Fact]
    public void TheBatcher_MixesByWeight_AndResumesExactly()
    {
        int[] lengths = [.. TaskOf.Select(t => 4 + t)];
        LengthBucketBatcher Batcher() => new(lengths, lengths, 16, 4, null, (TaskOf, [3.0, 1.0]));
        var batcher = Batcher();
        Assert.Equal(16, batcher.BatchesPerEpoch); // ceil(250 / 16)
        var epoch = batcher.Epoch(3);
        Assert.Equal(188, epoch.SelectMany(b => b).Count(i => TaskOf[i] == 0));
        Assert.Equal(epoch, Batcher().Epoch(3));
    }

    [Fact]
    public void ATaskWithWeightButNoExamples_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new TaskMixture([0, 1], [0, 0], [1.0, 1.0], 1));
}
