using System.Diagnostics;
using System.Text.Json.Nodes;
using NeuralMath.Model;
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
            var (sample, json) = MeasureShape(shape[0], shape[1], shape[2], settings.MatmulReps);
            if (sample.Median > best) (best, bestShape) = ((double)sample.Median, (string)json["shape"]!);
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

    /// <summary>
    /// The rate of the matrix products a model actually runs: every forward linear layer's shape at the training batch
    /// (rows = batch × mean source or target length), each weighted by its share of the FLOPs. The result, total FLOPs
    /// over total time, is the ceiling a training step could reach if it did nothing but those products.
    /// </summary>
    public static JsonObject MeasureModelShapes(ModelOptions model, int vocabularySize, int sourceRows, int targetRows, int reps)
    {
        int d = model.ModelDim, ff = model.FeedForwardDim, el = model.EncoderLayers, dl = model.DecoderLayers;
        // (rows, in, out, how many per step): attention projections q/k/v/out (+ w_r, tiny, left out), feed-forward, head.
        var layers = new List<(int M, int K, int N, int Count)>
        {
            (sourceRows, d, d, 4 * el), (sourceRows, d, ff, el), (sourceRows, ff, d, el),      // encoder
            (targetRows, d, d, 4 * dl + 2 * dl), (sourceRows, d, d, 2 * dl),                       // decoder self + cross q/out; cross k/v on memory
            (targetRows, d, ff, dl), (targetRows, ff, d, dl), (targetRows, d, vocabularySize, 1),  // feed-forward, head
        };
        var shapes = new JsonArray();
        double totalFlops = 0, totalSeconds = 0, bfloat16Seconds = 0;
        foreach (var group in layers.GroupBy(l => (l.M, l.K, l.N)))
        {
            var (m, k, n) = group.Key;
            var (sample, json) = MeasureShape(m, k, n, reps);
            var (bfloat16, _) = MeasureShape(m, k, n, reps, ScalarType.BFloat16);
            double flops = 2.0 * m * k * n * group.Sum(l => l.Count);
            json["perStep"] = group.Sum(l => l.Count);
            json["flopShare"] = flops; // turned into a share below
            json["bfloat16MedianGflops"] = Sample.Round(bfloat16.Median);
            totalFlops += flops;
            totalSeconds += flops / (sample.Median * 1e9);
            bfloat16Seconds += flops / (bfloat16.Median * 1e9);
            shapes.Add(json);
        }
        foreach (var json in shapes) json!["flopShare"] = Sample.Round((double)json["flopShare"]! / totalFlops);
        return new JsonObject
        {
            ["unit"] = "GFLOP/s",
            ["sourceRows"] = sourceRows,
            ["targetRows"] = targetRows,
            ["shapes"] = shapes,
            ["ceilingGflops"] = Sample.Round(totalFlops / totalSeconds / 1e9),
            ["bfloat16CeilingGflops"] = Sample.Round(totalFlops / bfloat16Seconds / 1e9),
            ["definition"] = "forward linear layers at the training batch, FLOP-weighted: total FLOPs / total time at each shape's median rate " +
                "(bfloat16CeilingGflops: the same products in bfloat16, what training.precision=bfloat16 multiplies in)",
        };
    }

    private static (Sample Sample, JsonObject Json) MeasureShape(int m, int k, int n, int reps, ScalarType dtype = ScalarType.Float32)
    {
        using var a = randn(m, k, dtype: dtype);
        using var b = randn(k, n, dtype: dtype);
        double flops = 2.0 * m * k * n;
        // Each rep is ~2e10 FLOPs of back-to-back matmuls (~0.2 s at 100 GFLOP/s), so timer resolution and call overhead vanish.
        int calls = Math.Max(1, (int)(2e10 / flops));
        using (no_grad()) for (int i = 0; i < 2; i++) a.matmul(b).Dispose();
        var rates = new List<double>();
        for (int rep = 0; rep < reps; rep++)
        {
            var clock = Stopwatch.StartNew();
            using (no_grad()) for (int i = 0; i < calls; i++) a.matmul(b).Dispose();
            rates.Add(flops * calls / clock.Elapsed.TotalSeconds / 1e9);
        }
        var sample = new Sample(rates);
        var json = sample.ToJson();
        json["shape"] = $"[{m}x{k}]·[{k}x{n}]";
        json["callsPerRep"] = calls;
        return (sample, json);
    }
}
