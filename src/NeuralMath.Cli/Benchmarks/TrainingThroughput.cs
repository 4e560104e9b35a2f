using System.Diagnostics;
using System.Text.Json.Nodes;
using NeuralMath.Configuration;
using NeuralMath.Data;
using NeuralMath.Model;
using NeuralMath.Runtime;
using NeuralMath.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralMath.Cli.Benchmarks;

/// <summary>
/// Training speed of a config's architecture on real batches of its train split, through <see cref="TrainingStep"/>
/// (the code path of <see cref="Trainer"/>): target tokens per second and model FLOPs utilisation, in float32.
/// Comparisons between settings (precision, ranks) time real trainings instead (<see cref="TrainerRuns"/>).
/// </summary>
internal static class TrainingThroughput
{
    public static JsonObject Measure(RunConfig config, BenchSettings settings, double peakFlops, Device device)
    {
        var problem = config.CreateProblem();
        var tokenizer = config.CreateTokenizer(problem);
        var t = config.Training;
        int batchSize = settings.TrainBatchSize ?? t.BatchSize;
        var rule = new SplitRule(config.Problem.SplitSeed, config.Problem.ValidationFraction, config.Problem.TestFraction);
        var train = EncodedDataset.Build(problem, tokenizer, ProblemData.Inputs(problem, config.Problem.Max, rule, DataSplit.Train, 0));
        var batcher = new LengthBucketBatcher(train.Sources.Select(s => s.Length).ToArray(), train.Targets.Select(s => s.Length).ToArray(), batchSize, (ulong)t.Seed);
        var batches = batcher.Epoch(0);

        bool memoryReset = PeakMemory.Reset();
        TorchRandom.Seed(t.Seed);
        using var model = new Seq2SeqModel(config.Model, tokenizer);
        model.to(device);
        using var optimizer = TrainingStep.CreateOptimizer(model, t);
        model.train();
        (long Target, long Source) RunSteps(int first, int steps)
        {
            long target = 0, source = 0;
            for (int s = 0; s < steps; s++)
            {
                var step = Enumerable.Range(0, t.Accumulation).Select(a => batches[((first + s) * t.Accumulation + a) % batches.Count]).ToArray();
                long tokens = TrainingStep.TargetTokens(train, step);
                TrainingStep.AccumulateGradients(model, optimizer, train, step, tokens, device);
                TrainingStep.Apply(model, optimizer, t.ClipNorm);
                target += tokens;
                source += step.Sum(b => b.Sum(i => (long)train.Sources[i].Length));
            }
            return (target, source);
        }

        RunSteps(0, settings.TrainWarmupSteps);
        var targetRates = new List<double>();
        var sourceRates = new List<double>();
        var stepSeconds = new List<double>();
        for (int rep = 0; rep < settings.TrainReps; rep++)
        {
            var clock = Stopwatch.StartNew();
            var (target, source) = RunSteps(settings.TrainWarmupSteps + rep * settings.TrainStepsPerRep, settings.TrainStepsPerRep);
            double seconds = clock.Elapsed.TotalSeconds;
            targetRates.Add(target / seconds);
            sourceRates.Add(source / seconds);
            stepSeconds.Add(seconds / settings.TrainStepsPerRep);
        }
        long parameters = model.ParameterCount;
        var rate = new Sample(targetRates);
        var mfu = new Sample(targetRates.Select(r => 6.0 * parameters * r / peakFlops));
        // The same utilisation against what matrix products of this model's own shapes reach on this machine.
        int sourceRows = (int)Math.Round(batchSize * train.Sources.Average(x => x.Length));
        int targetRows = (int)Math.Round(batchSize * train.Targets.Average(x => x.Length - 1));
        var modelShapes = MatmulPeak.MeasureModelShapes(config.Model, tokenizer.Vocabulary.Size, sourceRows, targetRows, settings.MatmulReps);
        double modelCeiling = (double)modelShapes["ceilingGflops"]! * 1e9;
        return new JsonObject
        {
            ["parameters"] = parameters,
            ["batchSize"] = batchSize,
            ["accumulation"] = t.Accumulation,
            ["trainInputs"] = train.Count,
            ["warmupSteps"] = settings.TrainWarmupSteps,
            ["stepsPerRep"] = settings.TrainStepsPerRep,
            ["targetTokensPerSecond"] = rate.ToJson(),
            ["sourceTokensPerSecond"] = new Sample(sourceRates).ToJson(),
            ["secondsPerStep"] = new Sample(stepSeconds).ToJson(),
            ["modelFlopsUtilisation"] = mfu.ToJson(),
            ["modelShapeCeiling"] = modelShapes,
            ["utilisationAtModelShapes"] = new Sample(targetRates.Select(r => 6.0 * parameters * r / modelCeiling)).ToJson(),
            ["mfuDefinition"] = "6 × parameters × target tokens per second / peakGflops; target tokens = non-pad decoder positions " +
                "scored by the loss (each target without [SOS], [EOS] included); source tokens and attention FLOPs are not counted",
            ["peakResidentMegabytes"] = Sample.Round(PeakMemory.Megabytes()),
            ["peakResidentIsPhaseOnly"] = memoryReset,
        };
    }
}
