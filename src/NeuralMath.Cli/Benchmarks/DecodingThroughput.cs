using System.Diagnostics;
using System.Text.Json.Nodes;
using NeuralMath.Decoding;
using NeuralMath.Evaluation;
using NeuralMath.Model;
using static TorchSharp.torch;

namespace NeuralMath.Cli.Benchmarks;

/// <summary>
/// Inputs per second at each beam width for the TorchSharp predictor, the ONNX Runtime predictor and the naive
/// reference, on the same weights and inputs. The three run alternately, one rep at a time with the order rotated
/// every rep, so drifting machine load hits all of them alike; ratios are taken per rep (side by side) and of medians.
/// </summary>
internal static class DecodingThroughput
{
    public static JsonObject Measure(Seq2SeqModel model, Device device, Predictor torchPredictor, Predictor onnxPredictor,
        IReadOnlyList<long[]> inputs, int maxLength, int batchSize, BenchSettings settings, Action<string> log)
    {
        var sources = inputs.Select(i => torchPredictor.TryEncode(i, out var error) ?? throw new ArgumentException(error)).ToArray();
        // Each runner decodes the first n inputs at k beams.
        var runners = new (string Name, Action<int, int> Run)[]
        {
            ("torchSharp", (k, n) => torchPredictor.Predict(inputs.Take(n).ToArray(), Options(k, maxLength), batchSize)),
            ("onnxRuntime", (k, n) => onnxPredictor.Predict(inputs.Take(n).ToArray(), Options(k, maxLength), batchSize)),
            ("naive", (k, n) => { foreach (var s in sources.Take(n)) NaiveDecoder.Decode(model, s, k, maxLength, device); }),
        };
        model.eval();
        var result = new JsonObject();
        foreach (int k in settings.Beams)
        {
            foreach (var r in runners) r.Run(k, Math.Min(8, inputs.Count)); // warm-up: first-call allocations, ORT graph setup
            var seconds = runners.ToDictionary(r => r.Name, _ => new List<double>());
            for (int rep = 0; rep < settings.DecodeReps; rep++)
            {
                for (int j = 0; j < runners.Length; j++)
                {
                    var (name, run) = runners[(j + rep) % runners.Length];
                    var clock = Stopwatch.StartNew();
                    run(k, inputs.Count);
                    seconds[name].Add(clock.Elapsed.TotalSeconds);
                }
            }
            var entry = new JsonObject();
            foreach (var (name, times) in seconds) entry[name + "InputsPerSecond"] = new Sample(times.Select(s => inputs.Count / s)).ToJson();
            entry["speedupOnnxRuntimeOverTorchSharp"] = Ratio(seconds["torchSharp"], seconds["onnxRuntime"]);
            entry["speedupTorchSharpOverNaive"] = Ratio(seconds["naive"], seconds["torchSharp"]);
            entry["speedupOnnxRuntimeOverNaive"] = Ratio(seconds["naive"], seconds["onnxRuntime"]);
            result[$"beams{k}"] = entry;
            log($"  {k} beam(s): " + string.Join(", ", seconds.Select(p => $"{p.Key} {inputs.Count / new Sample(p.Value).Median:G4} inputs/s")));
        }
        return result;
    }

    /// <summary>ONNX predictor latency at 10 beams, one input per call: p50, p99 and spread, in milliseconds.</summary>
    public static JsonObject Latency(Predictor onnxPredictor, IReadOnlyList<long[]> inputs, int maxLength, int count)
    {
        var options = Options(10, maxLength);
        for (int i = 0; i < Math.Min(5, inputs.Count); i++) onnxPredictor.Predict([inputs[i]], options);
        var millis = new List<double>(count);
        for (int i = 0; i < count; i++)
        {
            var input = inputs[i % inputs.Count];
            var clock = Stopwatch.StartNew();
            onnxPredictor.Predict([input], options);
            millis.Add(clock.Elapsed.TotalMilliseconds);
        }
        var sample = new Sample(millis);
        var json = sample.ToJson();
        json["p50"] = Sample.Round(sample.Quantile(0.5));
        json["p99"] = Sample.Round(sample.Quantile(0.99));
        json["unit"] = "ms";
        json["beams"] = 10;
        return json;
    }

    private static BeamSearchOptions Options(int beams, int maxLength) => new() { Beams = beams, MaxLength = maxLength };

    /// <summary>Speed-up of <paramref name="fast"/> over <paramref name="slow"/> (slow time / fast time): of medians, and per rep.</summary>
    private static JsonObject Ratio(List<double> slow, List<double> fast)
    {
        var json = new Sample(slow.Zip(fast, (s, f) => s / f)).ToJson();
        json["ofMedians"] = Sample.Round(new Sample(slow).Median / new Sample(fast).Median);
        return json;
    }
}
