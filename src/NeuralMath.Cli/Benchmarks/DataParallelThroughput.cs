using System.Text.Json.Nodes;
using NeuralMath.Cli.Commands;
using NeuralMath.Configuration;

namespace NeuralMath.Cli.Benchmarks;

/// <summary>
/// <c>bench --ranks N</c>: training speed of one process with N torch threads against N single-thread MPI ranks
/// sharing each batch, and of one process with one thread (what both scale from), alternated in one run. Each
/// measurement is a real <c>neuralmath train</c> of the bench's config (<see cref="TrainerRuns"/>), so it times the
/// trainer itself, allreduce included.
/// </summary>
internal static class DataParallelThroughput
{
    public static JsonObject Measure(RunConfig config, int ranks, BenchSettings settings, Action<string> log)
    {
        return TrainerRuns.InScratchFolder(config, "nm-bench-ranks-", (dir, configPath) =>
        {
            var oneThread = new List<double>();
            var single = new List<double>();
            var parallel = new List<double>();
            var allreduce = new List<double>();
            var stepSeconds = new List<double>();
            long bytes = 0;
            for (int rep = 0; rep < settings.TrainerRunReps; rep++)
            {
                string RunDir(string name) => Path.Combine(dir, $"{name}-{rep}");
                oneThread.Add(TrainerRuns.Run(MpiLaunch.Single(TrainerRuns.Arguments(configPath, RunDir("one"), 1, settings)), RunDir("one"), settings).TargetTokensPerSecond);
                log($"  rep {rep + 1}: 1 process × 1 thread {oneThread[^1]:F0} target tokens/s");
                single.Add(TrainerRuns.Run(MpiLaunch.Single(TrainerRuns.Arguments(configPath, RunDir("single"), ranks, settings)), RunDir("single"), settings).TargetTokensPerSecond);
                log($"  rep {rep + 1}: 1 process × {ranks} threads {single[^1]:F0} target tokens/s");
                var job = TrainerRuns.Run(MpiLaunch.Job(ranks, TrainerRuns.Arguments(configPath, RunDir("ranks"), 1, settings)), RunDir("ranks"), settings);
                parallel.Add(job.TargetTokensPerSecond);
                allreduce.Add(job.AllreduceSecondsPerStep);
                stepSeconds.Add(job.SecondsPerStep);
                bytes = job.AllreduceBytes;
                log($"  rep {rep + 1}: {ranks} ranks × 1 thread {parallel[^1]:F0} target tokens/s (allreduce {1000 * job.AllreduceSecondsPerStep:F1} ms of {1000 * job.SecondsPerStep:F0} ms per step)");
            }
            return new JsonObject
            {
                ["ranks"] = ranks,
                ["batchSize"] = config.Training.BatchSize,
                ["stepsTimed"] = settings.TrainerRunSteps,
                ["reps"] = settings.TrainerRunReps,
                ["order"] = "alternated per rep: one process × 1 thread, one process × N threads, the MPI job",
                ["oneThreadTargetTokensPerSecond"] = new Sample(oneThread).ToJson(),
                ["threadScaling"] = new Sample(single.Zip(oneThread, (s, o) => s / o)).ToJson(),
                ["rankScaling"] = new Sample(parallel.Zip(oneThread, (p, o) => p / o)).ToJson(),
                ["singleProcessTargetTokensPerSecond"] = new Sample(single).ToJson(),
                ["singleProcessThreads"] = ranks,
                ["ranksTargetTokensPerSecond"] = new Sample(parallel).ToJson(),
                ["threadsPerRank"] = 1,
                ["speedup"] = new Sample(parallel.Zip(single, (p, s) => p / s)).ToJson(),
                ["ranksSecondsPerStep"] = new Sample(stepSeconds).ToJson(),
                ["allreduceSecondsPerStep"] = new Sample(allreduce).ToJson(),
                ["allreduceBytesPerRank"] = bytes,
                ["method"] = "neuralmath train of the bench config for 2 × stepsTimed steps with a validation after each half; rate = " +
                    "target tokens / training seconds of the second half (validation excluded by the trainer's clock)",
            };
        });
    }
}
