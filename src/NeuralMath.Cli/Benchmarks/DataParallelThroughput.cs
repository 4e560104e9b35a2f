using System.Diagnostics;
using System.Text.Json.Nodes;
using NeuralMath.Cli.Commands;
using NeuralMath.Configuration;

namespace NeuralMath.Cli.Benchmarks;

/// <summary>
/// <c>bench --ranks N</c>: training speed of one process with N torch threads against N single-thread MPI ranks
/// sharing each batch, and of one process with one thread (what both scale from), alternated in one run. Each measurement is a real <c>neuralmath train</c> of the bench's config
/// (so it times the trainer itself, allreduce included): target tokens per second of training time between its first
/// and second validation, which the trainer excludes from training time.
/// </summary>
internal static class DataParallelThroughput
{
    public static JsonObject Measure(RunConfig config, int ranks, BenchSettings settings, Action<string> log)
    {
        string dir = Directory.CreateTempSubdirectory("nm-bench-ranks-").FullName;
        try
        {
            string configPath = Path.Combine(dir, "config.json");
            File.WriteAllText(configPath, config.ToJson());
            var oneThread = new List<double>();
            var single = new List<double>();
            var parallel = new List<double>();
            var allreduce = new List<double>();
            var stepSeconds = new List<double>();
            long bytes = 0;
            for (int rep = 0; rep < settings.RanksReps; rep++)
            {
                oneThread.Add(Measure(MpiLaunch.Single(Arguments(configPath, Path.Combine(dir, $"one-{rep}"), 1, settings)), dir, $"one-{rep}", settings).Rate);
                log($"  rep {rep + 1}: 1 process × 1 thread {oneThread[^1]:F0} target tokens/s");
                single.Add(Measure(MpiLaunch.Single(Arguments(configPath, Path.Combine(dir, $"single-{rep}"), ranks, settings)), dir, $"single-{rep}", settings).Rate);
                log($"  rep {rep + 1}: 1 process × {ranks} threads {single[^1]:F0} target tokens/s");
                var job = Measure(MpiLaunch.Job(ranks, Arguments(configPath, Path.Combine(dir, $"ranks-{rep}"), 1, settings)), dir, $"ranks-{rep}", settings);
                parallel.Add(job.Rate);
                allreduce.Add(job.AllreduceSecondsPerStep);
                stepSeconds.Add(job.SecondsPerStep);
                bytes = job.AllreduceBytes;
                log($"  rep {rep + 1}: {ranks} ranks × 1 thread {parallel[^1]:F0} target tokens/s (allreduce {1000 * job.AllreduceSecondsPerStep:F1} ms of {1000 * job.SecondsPerStep:F0} ms per step)");
            }
            return new JsonObject
            {
                ["ranks"] = ranks,
                ["batchSize"] = config.Training.BatchSize,
                ["stepsTimed"] = settings.RanksSteps,
                ["reps"] = settings.RanksReps,
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
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string[] Arguments(string configPath, string runDir, int threads, BenchSettings settings) =>
    [
        "train", "--config", configPath, "--out", runDir, "--progress", "none", "--no-final-eval",
        "--steps", (2 * settings.RanksSteps).ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--set", $"training.evalEvery={settings.RanksSteps}", "--set", $"training.checkpointEvery={2 * settings.RanksSteps}",
        "--set", "training.validationSamples=8", "--set", "training.validationBeams=1", "--set", $"training.threads={threads}",
        .. settings.RanksProblemMax is long max ? (string[])["--set", $"problem.max={max}", "--set", "problem.outOfSample=0"] : [],
    ];

    // Runs one training, then reads its second half from metrics.jsonl: target tokens per training second, and for an
    // MPI job the time rank 0 spent in the gradient allreduce per step and the bytes it sent.
    private static (double Rate, double SecondsPerStep, double AllreduceSecondsPerStep, long AllreduceBytes) Measure(ProcessStartInfo start, string dir, string name, BenchSettings settings)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException(MpiLaunch.MissingLauncher);
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"bench --ranks: the {name} training failed (exit {process.ExitCode}): {stderr.Result.Trim()}");
        }
        var lines = File.ReadAllLines(Path.Combine(dir, name, "metrics.jsonl")).Select(l => JsonNode.Parse(l)!).ToArray();
        double tokens = (double)lines[1]["targetTokensSeen"]! - (double)lines[0]["targetTokensSeen"]!;
        double seconds = (double)lines[1]["trainingSeconds"]! - (double)lines[0]["trainingSeconds"]!;
        double allreduce = lines[1]["allreduceSeconds"] is null ? 0 : (double)lines[1]["allreduceSeconds"]! - (double)lines[0]["allreduceSeconds"]!;
        long bytes = lines[1]["allreduceBytes"] is null ? 0 : (long)lines[1]["allreduceBytes"]!;
        return (tokens / seconds, seconds / settings.RanksSteps, allreduce / settings.RanksSteps, bytes);
    }
}
