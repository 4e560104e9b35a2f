using System.Diagnostics;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace NeuralMath.Cli.Benchmarks;

/// <summary>The machine's fp32 matrix-multiply rate through TorchSharp; the best shape's median is the ceiling for MFU.</summary>
internal static class MatmulPeak
{
    /// <summary>Measures every shape; returns the JSON and the ceiling in FLOP/s.</summary>
    public static (JsonObject Json, double PeakFlops) Measure(BenchSettings settings)
    {
        var shapes = new JsonArray();
        double best = 0;
        string bestShape = "";
        foreach (var shape in settings.MatmulShapes)
        {
            int m = shape[0], k = shape[1], n = shape[2];
            using var a = randn(m, k);
            using var b = randn(k, n);
            double flops = 2.0 * m * k * n;
            // Each rep is ~2e10 FLOPs of back-to-back matmuls (~0.2 s at 100 GFLOP/s), so timer resolution and call overhead vanish.
            int calls = Math.Max(1, (int)(2e10 / flops));
            using (no_grad()) for (int i = 0; i < 2; i++) a.matmul(b).Dispose();
            var rates = new List<double>();
            for (int rep = 0; rep < settings.MatmulReps; rep++)
            {
                var clock = Stopwatch.StartNew();
                using (no_grad()) for (int i = 0; i < calls; i++) a.matmul(b).Dispose();
                rates.Add(flops * calls / clock.Elapsed.TotalSeconds / 1e9);
            }
            var sample = new Sample(rates);
            string name = $"[{m}x{k}]·[{k}x{n}]";
            if (sample.Median > best) (best, bestShape) = (sample.Median, name);
            var json = sample.ToJson();
            json["shape"] = name;
            json["callsPerRep"] = calls;
            shapes.Add(json);
        }
        return (new JsonObject
        {
            ["unit"] = "GFLOP/s",
            ["shapes"] = shapes,
            ["peakGflops"] = Sample.Round(best),
            ["peakShape"] = bestShape,
        }, best * 1e9);
    }
}
