using NeuralMath.Configuration;
using NeuralMath.Numbers;
using NeuralMath.Training;

namespace NeuralMath.Tests.Training;

/// <summary>The batches a run trains on: with two-set training, exact subset slots that keep the length buckets.</summary>
public sealed class TrainingDataTests
{
    private static TrainingData Build(params string[] overrides)
    {
        var config = RunConfig.Parse("""
            {
              "problem": { "name": "factorization", "max": 4000, "outOfSample": 10 },
              "tokenizer": { "base": 10 },
              "training": { "batchSize": 32, "validationSamples": 10, "seed": 4 }
            }
            """, overrides);
        var problem = config.CreateProblem();
        return TrainingData.Build(config, problem, config.CreateTokenizer(problem), null, null, new RecordingObserver());
    }

    // Padded target tokens of a batch: its longest target times its size.
    private static long Padded(TrainingData data, int[] batch) => batch.Max(i => data.Train.Targets[i].Length) * (long)batch.Length;

    [Fact]
    public void TwoSetBatches_FillAQuarterFromTheSubset_AndCostAboutAsMuchPaddingAsPlainOnes()
    {
        var plain = Build();
        var twoSet = Build("training.repeatedSubset=200", "training.repeatedFraction=0.25");
        var subset = twoSet.Repeated!.Inputs.ToHashSet();
        Assert.Equal((8, 24), (twoSet.Repeated.SlotsPerBatch, twoSet.Repeated.StreamBatchSize));
        long plainPadded = 0, twoSetPadded = 0;
        for (int step = 0; step < 60; step++)
        {
            var batch = twoSet.BatchesAt(step)[0];
            Assert.Equal(32, batch.Length);
            Assert.All(batch[24..], i => Assert.Contains(i, subset));
            plainPadded += Padded(plain, plain.BatchesAt(step)[0]);
            twoSetPadded += Padded(twoSet, batch);
        }
        // Subset inputs drawn at random lengths would stretch most batches to the longest targets.
        Assert.True(twoSetPadded < plainPadded * 1.15, $"padded target tokens: two-set {twoSetPadded:N0}, plain {plainPadded:N0}");
    }

    [Fact]
    public void TwoSetTraining_KeepsEveryTrainingInputInTheStream_OncePerEpoch()
    {
        // The subset's slots come on top of the stream: one epoch of stream batches (of 24) holds each input once, the
        // longest included. (Overwriting the last slots of length-sorted batches dropped the longest ones every epoch.)
        var twoSet = Build("training.repeatedSubset=200", "training.repeatedFraction=0.25");
        int n = twoSet.Train.Count, perEpoch = (n + 23) / 24;
        var stream = new List<int>();
        for (int step = 0; step < perEpoch; step++)
        {
            var batch = twoSet.BatchesAt(step)[0];
            int streamPart = batch.Length == 32 ? 24 : Enumerable.Range(1, 23).Single(l => l + (int)Math.Round(l * 8.0 / 24) == batch.Length);
            stream.AddRange(batch[..streamPart]);
        }
        Assert.Equal(Enumerable.Range(0, n), stream.Order());
    }

    [Fact]
    public void TwoSetBatches_AreAFunctionOfTheStep_SoAResumeDrawsTheSame()
    {
        string[] twoSet = ["training.repeatedSubset=150", "training.repeatedFraction=0.25", "training.accumulation=2"];
        var straight = Build(twoSet);
        var expected = Enumerable.Range(0, 120).Select(straight.BatchesAt).ToArray();
        var resumed = Build(twoSet);
        foreach (int step in new[] { 77, 78, 119, 3, 0, 77 })
            Assert.Equal(expected[step], resumed.BatchesAt(step));
    }
    [Fact]
    public void RepeatedFrom_ChoosesTheSubsetFromTheListedBucketsOnly_TheSmallestFirst()
    {
        // Factorization's composites whose smallest factor base 10 does not show (7 and up): the cofactors to memorise.
        var data = Build("training.repeatedSubset=60", "training.repeatedChoice=first",
            "training.repeatedFrom=[\"smallestFactor:7\",\"smallestFactor:11-29\",\"smallestFactor:31-97\"]");
        var hard = Enumerable.Range(0, data.Train.Count)
            .Where(i => Primes.Factorize(data.Train.Inputs[i][0]) is { Length: > 1 } f && f[0] >= 7)
            .ToArray();
        Assert.Equal(hard[..60], data.Repeated!.Inputs);
        var random = Build("training.repeatedSubset=60", "training.repeatedFrom=[\"smallestFactor:7\"]");
        Assert.All(random.Repeated!.Inputs, i => Assert.Equal(7, Primes.Factorize(random.Train.Inputs[i][0])[0]));
        Assert.Equal(60, random.Repeated.Inputs.Distinct().Count());
    }

    [Theory]
    [InlineData("training.repeatedFrom=[\"smallestFactor:3000\"]", "training.repeatedFrom: no training input of factorization is in 'smallestFactor:3000'")]
    [InlineData("training.repeatedFrom=[\"smallestFactor:7\"]", "training.repeatedSubset is 5,000 but there are only")]
    public void RepeatedFrom_RefusesBucketsThatCannotFillTheSubset(string from, string message)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Build("training.repeatedSubset=5000", from));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
