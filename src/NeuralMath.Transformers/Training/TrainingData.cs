using NeuralMath.Configuration;
using NeuralMath.Data;
using NeuralMath.Problems;
using NeuralMath.Tokenization;

namespace NeuralMath.Training;

/// <summary>
/// What a run trains and validates on: the encoded train and validation sets, and the batches of every step, a pure
/// function of (seed, step) so that a resumed run draws exactly the batches an uninterrupted one would.
/// </summary>
internal sealed class TrainingData
{
    private readonly LengthBucketBatcher _batcher;
    private readonly RepeatedSubset? _repeated;
    private readonly int _accumulation;
    private readonly long[] _lengthKeys;
    private (int Epoch, IReadOnlyList<int[]> Batches) _epoch = (-1, []);
    private (long Block, int[][] Batches) _block = (-1, []);

    /// <summary>Micro-batches filled from the repeated subset together (see <see cref="RepeatedSubset.Fill"/>).</summary>
    internal const int RepeatedBlock = LengthBucketBatcher.PoolBatches;

    private TrainingData(EncodedDataset train, EncodedDataset validation, LengthBucketBatcher batcher, RepeatedSubset? repeated, bool oversampled, int accumulation)
    {
        _repeated = repeated;
        Train = train;
        Validation = validation;
        _batcher = batcher;
        Oversampled = oversampled;
        _accumulation = accumulation;
        // Target length first, then source length: the batcher's own sort order.
        _lengthKeys = [.. train.Targets.Zip(train.Sources, (t, s) => (long)t.Length << 32 | (uint)s.Length)];
    }

    public EncodedDataset Train { get; }

    public EncodedDataset Validation { get; }

    /// <summary>Whether <c>training.oversample</c> repeats some inputs within an epoch.</summary>
    public bool Oversampled { get; }

    /// <summary>The two-set training subset, when <c>training.repeatedSubset</c> is set.</summary>
    public RepeatedSubset? Repeated => _repeated;

    /// <summary>Examples per epoch, copies included.</summary>
    public int EpochSize => _batcher.EpochSize;

    /// <summary>
    /// Builds the sets: the configured splits unless <paramref name="trainInputs"/> / <paramref name="validationInputs"/>
    /// are given; validation subsampled evenly to <c>training.validationSamples</c>.
    /// </summary>
    public static TrainingData Build(RunConfig config, MathProblem problem, MathTokenizer tokenizer,
        IReadOnlyList<long[]>? trainInputs, IReadOnlyList<long[]>? validationInputs, ITrainingObserver observer)
    {
        var t = config.Training;
        var rule = new SplitRule(config.Problem.SplitSeed, config.Problem.ValidationFraction, config.Problem.TestFraction);
        var trainList = (trainInputs ?? ProblemData.Inputs(problem, config.Problem.Max, rule, DataSplit.Train, 0)).ToArray();
        var validation = Subsample(validationInputs?.ToArray() ?? ProblemData.Inputs(problem, config.Problem.Max, rule, DataSplit.Validation, 0).ToArray(), t.ValidationSamples);
        observer.Message($"Building {trainList.Length:N0} training and {validation.Length:N0} validation examples…");
        var train = EncodedDataset.Build(problem, tokenizer, trainList);
        CheckLengths(train, config.Model.MaxPositions);
        var copies = t.Oversample.Count == 0 ? null : Oversampling.Copies(problem, train.Inputs, t.Oversample);
        // A multitask model mixes its tasks by weight in every epoch.
        var tasks = problem.Tasks.Count > 0
            ? ((IReadOnlyList<int>)train.Inputs.Select(i => problem.TaskOf(i)!.Index).ToArray(), (IReadOnlyList<double>)problem.Tasks.Select(x => x.Weight).ToArray())
            : ((IReadOnlyList<int>, IReadOnlyList<double>)?)null;
        var repeated = t.RepeatedSubset == 0 ? null : ChooseRepeated(problem, train, t);
        // With two-set training the stream fills what the subset leaves of each batch.
        int streamBatch = repeated?.StreamBatchSize ?? t.BatchSize;
        var batcher = new LengthBucketBatcher(train.Sources.Select(s => s.Length).ToArray(), train.Targets.Select(s => s.Length).ToArray(), streamBatch, (ulong)t.Seed, copies, tasks);
        return new TrainingData(train, EncodedDataset.Build(problem, tokenizer, validation), batcher, repeated, copies is not null, t.Accumulation);
    }

    // The two-set subset, chosen from the training inputs in the buckets of training.repeatedFrom (all when empty).
    private static RepeatedSubset ChooseRepeated(MathProblem problem, EncodedDataset train, TrainingOptions t)
    {
        var matches = t.RepeatedFrom.Count == 0 ? null : MetricBuckets.Match(problem, train.Inputs, t.RepeatedFrom, "training.repeatedFrom");
        var candidates = Enumerable.Range(0, train.Count).Where(i => matches is null || matches[i].Count > 0).ToArray();
        if (t.RepeatedSubset > candidates.Length)
        {
            string pool = t.RepeatedFrom.Count == 0 ? "training inputs" : $"training inputs in {string.Join(", ", t.RepeatedFrom)}";
            throw new ArgumentOutOfRangeException("training.repeatedSubset", $"training.repeatedSubset is {t.RepeatedSubset:N0} but there are only {candidates.Length:N0} {pool}.");
        }
        return new RepeatedSubset(candidates, t.RepeatedSubset, t.RepeatedFraction, t.BatchSize, (ulong)t.Seed, t.RepeatedChoice);
    }

    /// <summary>The micro-batches (example indices into <see cref="Train"/>) of optimizer step <paramref name="step"/> (0-based).</summary>
    public int[][] BatchesAt(int step)
    {
        var batches = new int[_accumulation][];
        for (int j = 0; j < _accumulation; j++)
        {
            long micro = (long)step * _accumulation + j;
            batches[j] = _repeated is null ? StreamBatch(micro) : FilledBatch(micro, _repeated);
        }
        return batches;
    }

    // The epoch stream's micro-batch, before any subset slots are filled.
    private int[] StreamBatch(long micro)
    {
        int epoch = (int)(micro / _batcher.BatchesPerEpoch);
        if (epoch != _epoch.Epoch) _epoch = (epoch, _batcher.Epoch(epoch));
        return _epoch.Batches[(int)(micro % _batcher.BatchesPerEpoch)];
    }

    // Blocks start at multiples of RepeatedBlock, so the fill depends on the micro-batch index alone (resume-safe).
    private int[] FilledBatch(long micro, RepeatedSubset repeated)
    {
        long block = micro / RepeatedBlock;
        if (block != _block.Block)
        {
            var stream = new int[RepeatedBlock][];
            for (int i = 0; i < RepeatedBlock; i++) stream[i] = StreamBatch(block * RepeatedBlock + i);
            _block = (block, repeated.Fill(stream, block * RepeatedBlock, i => _lengthKeys[i]));
        }
        return _block.Batches[(int)(micro - block * RepeatedBlock)];
    }

    private static void CheckLengths(EncodedDataset data, int maxPositions)
    {
        if (data.Count == 0) return;
        int longest = Math.Max(data.Sources.Max(s => s.Length), data.Targets.Max(s => s.Length));
        if (longest > maxPositions)
            throw new ArgumentOutOfRangeException("model.maxPositions", $"model.maxPositions is {maxPositions} but the data has sequences of {longest} tokens; raise it or use a larger base.");
    }

    private static long[][] Subsample(long[][] inputs, int count)
    {
        if (count == 0 || inputs.Length <= count) return inputs;
        // Evenly spaced, so the subset spans the whole range and is the same on every run.
        return Enumerable.Range(0, count).Select(i => inputs[(long)i * inputs.Length / count]).ToArray();
    }
}
