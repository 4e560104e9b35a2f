using System.Text.Json.Nodes;
using NeuralMath.Cli.Commands;
using NeuralMath.Configuration;

namespace NeuralMath.Cli.Benchmarks;

/// <summary>
/// Training speed in bfloat16 mixed precision against float32, timed through the trainer (<see cref="TrainerRuns"/>):
/// alternated real <c>neuralmath train</c> runs of the bench's config that differ only in <c>training.precision</c>,
/// the order flipped every rep (an even number of reps puts each first equally often). The same seed gives both the
/// same initial weights and the same batches.
/// </summary>
/// <remarks>
/// It times the trainer rather than steps inside the bench because the two disagreed: on two threads at batch 64 a
/// step loop in the bench put bfloat16 at 1.28× float32 while two thousand steps of real training took the same time
/// in both (docs/benchmarks.md, "bfloat16 mixed precision").
/// </remarks>
internal static class PrecisionThroughput
{
    public static JsonObject Measure(RunConfig config, int threads, BenchSettings settings, Action<string> log)
    {
        return TrainerRuns.InScratchFolder(config, "nm-bench-precision-", (dir, configPath) =>
        {
            var runs = new Dictionary<string, List<TrainerRuns.Timing>> { ["float32"] = [], ["bfloat16"] = [] };
            var reps = new JsonArray();
            for (int rep = 0; rep < settings.TrainerRunReps; rep++)
            {
                string[] order = rep % 2 == 0 ? ["float32", "bfloat16"] : ["bfloat16", "float32"];
                foreach (var precision in order)
                {
                    string runDir = Path.Combine(dir, $"{precision}-{rep}");
                    var start = MpiLaunch.Single(TrainerRuns.Arguments(configPath, runDir, threads, settings, $"training.precision={precision}"));
                    runs[precision].Add(TrainerRuns.Run(start, runDir, settings));
                    var recorded = TrainerRuns.RecordedConfig(runDir).Training.Precision;
                    if (!string.Equals(recorded.ToString(), precision, StringComparison.OrdinalIgnoreCase))
                        throw new InvalidOperationException($"bench: the {precision} training ran in {recorded}.");
                    log($"  rep {rep + 1}: {precision} {runs[precision][^1].TargetTokensPerSecond:F0} target tokens/s ({runs[precision][^1].SecondsPerStep:F3} s per step)");
                }
                reps.Add(new JsonObject
                {
                    ["order"] = string.Join(", ", order),
                    ["float32SecondsPerStep"] = Math.Round(runs["float32"][^1].SecondsPerStep, 4),
                    ["bfloat16SecondsPerStep"] = Math.Round(runs["bfloat16"][^1].SecondsPerStep, 4),
                });
            }
            JsonObject Figures(string precision) => new()
            {
                ["targetTokensPerSecond"] = new Sample(runs[precision].Select(r => r.TargetTokensPerSecond)).ToJson(),
                ["secondsPerStep"] = new Sample(runs[precision].Select(r => r.SecondsPerStep)).ToJson(),
            };
            return new JsonObject
            {
                ["threads"] = threads,
                ["batchSize"] = config.Training.BatchSize,
                ["stepsTimed"] = settings.TrainerRunSteps,
                ["reps"] = settings.TrainerRunReps,
                ["float32"] = Figures("float32"),
                ["bfloat16"] = Figures("bfloat16"),
                ["speedup"] = new Sample(runs["bfloat16"].Zip(runs["float32"], (b, f) => b.TargetTokensPerSecond / f.TargetTokensPerSecond)).ToJson(),
                ["perRep"] = reps,
                ["method"] = "neuralmath train of the bench config with training.precision=float32 and =bfloat16 (MixedPrecision: bfloat16 " +
                    "forward and backward, float32 weights and AdamW), alternated, the order flipped every rep; each run takes 2 × stepsTimed " +
                    "steps with a validation after each half; rate = target tokens / training seconds of the second half; speedup = " +
                    "bfloat16's rate over float32's, rep by rep",
            };
        });
    }
}
