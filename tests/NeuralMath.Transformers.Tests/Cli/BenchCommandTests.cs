using System.Text.Json.Nodes;

namespace NeuralMath.Tests.Cli;

/// <summary>
/// <c>neuralmath bench</c> as a smoke check: it runs end to end and writes every figure. Benchmarks are not timed
/// tests, so nothing here compares a speed or a duration with a threshold; only that each figure exists and is positive.
/// </summary>
public sealed class BenchCommandTests
{
    [Fact]
    public void BenchSmoke_WritesEveryFigure_WithPositiveNumbers()
    {
        var dir = Directory.CreateTempSubdirectory("nm-bench-").FullName;
        try
        {
            var path = Path.Combine(dir, "bench.json");
            // With MPI here (always in CI), the data-parallel comparison runs too.
            bool ranks = Distributed.MpiTestSupport.LauncherPresent || Distributed.MpiTestSupport.Required;
            // It starts up to five training processes (one of them an MPI job): more than the default limit on a busy machine.
            var (code, stdout, stderr) = CliRunner.RunLong(TimeSpan.FromMinutes(10), ["bench", "--smoke", "--threads", "1", "--out", path, .. (ranks ? (string[])["--ranks", "2"] : [])]);
            Assert.True(code == 0, $"{stdout}\n{stderr}");
            var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();

            foreach (var key in new[] { "settings", "model", "seed", "config", "environment", "matmul", "training", "precision", "decoding", "onnxLatency", "peakMemory" })
                Assert.True(json.ContainsKey(key), key);
            Assert.True((double)json["wallSeconds"]! > 0);
            Assert.False(string.IsNullOrWhiteSpace((string?)json["environment"]!["cpu"]));
            Assert.True((int)json["environment"]!["cores"]! > 0);
            Assert.Equal(1, (int)json["environment"]!["torchThreads"]!);

            Assert.True((double)json["matmul"]!["peakGflops"]! > 0);
            foreach (var shape in json["matmul"]!["shapes"]!.AsArray()) AssertSpread(shape!);

            var training = json["training"]!;
            Assert.True((long)training["parameters"]! > 0);
            foreach (var key in new[] { "targetTokensPerSecond", "sourceTokensPerSecond", "secondsPerStep", "modelFlopsUtilisation", "utilisationAtModelShapes" })
                AssertSpread(training[key]!);
            // The model's own matmul shapes: each measured, FLOP shares summing to 1 (rounded), a positive ceiling.
            var modelShapes = training["modelShapeCeiling"]!;
            Assert.True((double)modelShapes["ceilingGflops"]! > 0);
            var shapes = modelShapes["shapes"]!.AsArray();
            foreach (var shape in shapes) AssertSpread(shape!);
            Assert.InRange(shapes.Sum(x => (double)x!["flopShare"]!), 0.99, 1.01);

            // float32 against bfloat16, each timed through a real training of the bench's config.
            var precision = json["precision"]!;
            Assert.Equal(1, (int)precision["threads"]!);
            foreach (var key in new[] { "float32", "bfloat16" })
            {
                Assert.True((double)precision[key]!["targetTokensPerSecond"]!["median"]! > 0, key);
                Assert.True((double)precision[key]!["secondsPerStep"]!["median"]! > 0, key);
            }
            Assert.True((double)precision["speedup"]!["median"]! > 0);
            // Every rep timed both precisions, in alternating order (the runs' recorded configs were checked by bench).
            int reps = (int)precision["reps"]!;
            Assert.Equal(reps, (int)precision["speedup"]!["n"]!);
            Assert.Equal(["float32, bfloat16", "bfloat16, float32"], precision["perRep"]!.AsArray().Select(r => (string)r!["order"]!).Take(2));

            var results = json["decoding"]!["results"]!;
            foreach (var beams in new[] { "beams1", "beams2", "beams10" })
            {
                foreach (var key in new[] { "torchSharpInputsPerSecond", "onnxRuntimeInputsPerSecond", "naiveInputsPerSecond",
                    "speedupOnnxRuntimeOverTorchSharp", "speedupTorchSharpOverNaive", "speedupOnnxRuntimeOverNaive" })
                    AssertSpread(results[beams]![key]!);
            }

            if (ranks)
            {
                var dataParallel = json["dataParallel"]!;
                Assert.Equal(2, (int)dataParallel["ranks"]!);
                foreach (var key in new[] { "oneThreadTargetTokensPerSecond", "singleProcessTargetTokensPerSecond", "ranksTargetTokensPerSecond", "speedup", "ranksSecondsPerStep" })
                    Assert.True((double)dataParallel[key]!["median"]! > 0, key);
                // The gradients of every parameter plus the loss and the stop vote, as float32.
                Assert.Equal(4 * ((long)training["parameters"]! + 2), (long)dataParallel["allreduceBytesPerRank"]!);
            }

            var latency = json["onnxLatency"]!;
            Assert.True((double)latency["p50"]! > 0);
            Assert.True((double)latency["p99"]! >= (double)latency["p50"]!);

            foreach (var key in new[] { "training", "servingDecodingPhase", "servingOnnxLatencyPhase" })
                Assert.True((double)json["peakMemory"]![key]! > 0, key);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void AssertSpread(JsonNode figure)
    {
        double min = (double)figure["min"]!, median = (double)figure["median"]!, max = (double)figure["max"]!;
        Assert.True(min > 0, figure.ToJsonString());
        Assert.InRange(median, min, max);
        Assert.True((int)figure["n"]! >= 2, figure.ToJsonString());
    }
}
