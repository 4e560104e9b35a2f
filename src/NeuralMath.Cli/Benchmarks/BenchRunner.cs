using System.Diagnostics;
using System.Text.Json.Nodes;
using NeuralMath.Artifacts;
using NeuralMath.Cli.Commands;
using NeuralMath.Configuration;
using NeuralMath.Data;
using NeuralMath.Decoding;
using NeuralMath.Evaluation;
using NeuralMath.Model;
using NeuralMath.Onnx;
using NeuralMath.Runtime;
using NeuralMath.Training;
using static TorchSharp.torch;

namespace NeuralMath.Cli.Benchmarks;

/// <summary>
/// Runs every benchmark of <c>neuralmath bench</c> in order (matmul peak, training, precision, ranks, decoding, latency) and
/// gathers the figures, the machine and the settings into one JSON document.
/// </summary>
internal static class BenchRunner
{
    public const string DefaultConfig = "factorization-2p16-base30";

    public static JsonObject Run(BenchSettings settings, string? modelPath, int threads, int ranks, Action<string> log)
    {
        var wall = Stopwatch.StartNew();
        var say = log;
        log = message => say($"[{wall.Elapsed.TotalSeconds,6:F1} s] {message}");
        TorchRuntime.EnsureLoaded();
        if (threads > 0) set_num_threads(threads);
        var device = TorchRuntime.ResolveDevice("cpu");
        string loadAtStart = LoadAverage();

        using var artifact = modelPath is null ? null : ModelArtifact.Load(modelPath, "cpu");
        var config = artifact?.Config ?? ConfigSource.Load(DefaultConfig, []).Config;
        long seed = config.Training.Seed;

        log("matmul peak…");
        var (matmul, peakFlops) = MatmulPeak.Measure(settings);
        log($"  peak {matmul["peakGflops"]} GFLOP/s {matmul["peakShape"]}");

        log("training throughput…");
        var training = TrainingThroughput.Measure(config, settings, peakFlops, device);
        log($"  {training["targetTokensPerSecond"]!["median"]} target tokens/s, MFU {training["modelFlopsUtilisation"]!["median"]}");

        log("training precision: float32 against bfloat16 mixed precision, real trainings alternated…");
        var precision = PrecisionThroughput.Measure(config, get_num_threads(), settings, log);
        log($"  bfloat16 speed-up {precision["speedup"]!["median"]}");

        JsonObject? dataParallel = null;
        if (ranks > 1)
        {
            log($"training throughput: 1 process × {ranks} threads against {ranks} MPI ranks × 1 thread, alternated…");
            dataParallel = DataParallelThroughput.Measure(config, ranks, settings, log);
            log($"  speed-up {dataParallel["speedup"]!["median"]}");
        }

        var problem = config.CreateProblem();
        var tokenizer = config.CreateTokenizer(problem);
        TorchRandom.Seed(seed);
        using var fresh = artifact is null ? new Seq2SeqModel(config.Model, tokenizer) : null;
        var model = artifact?.Model ?? fresh!;
        model.eval();

        var rule = new SplitRule(config.Problem.SplitSeed, config.Problem.ValidationFraction, config.Problem.TestFraction);
        var test = ProblemData.Inputs(problem, config.Problem.Max, rule, DataSplit.Test, 0).ToArray();
        var inputs = Subset(test, settings.DecodeInputs);
        int maxLength = EncodedDataset.Build(problem, tokenizer, inputs).Targets.Max(t => t.Length) - 1;

        string exportDir = Directory.CreateTempSubdirectory("nm-bench-onnx-").FullName;
        try
        {
            log("exporting to ONNX…");
            OnnxExporter.Export(config, model, exportDir);
            using var onnx = OnnxModel.Load(exportDir, new OnnxModelOptions { IntraOpThreads = get_num_threads() });
            var torchPredictor = new Predictor(problem, tokenizer, new TorchStepDecoder(model, device));
            var onnxPredictor = onnx.CreatePredictor();

            log($"decoding throughput over {inputs.Length} inputs…");
            bool decodeReset = PeakMemory.Reset();
            var decoding = DecodingThroughput.Measure(model, device, torchPredictor, onnxPredictor, inputs, maxLength, config.Evaluation.BatchSize, settings, log);
            double decodeMemory = PeakMemory.Megabytes();

            log("ONNX latency at 10 beams…");
            bool latencyReset = PeakMemory.Reset();
            var latency = DecodingThroughput.Latency(onnxPredictor, inputs, maxLength, settings.LatencyInputs);
            double latencyMemory = PeakMemory.Megabytes();

            return new JsonObject
            {
                ["benchmark"] = "neuralmath bench",
                ["settings"] = settings.ToJson(),
                ["model"] = artifact is null
                    ? $"freshly initialised (seed {seed}) model of the {DefaultConfig} architecture; nothing trained (speed does not depend on the weights, but how soon a beam emits [EOS] does: decoding is capped at maxLength)"
                    : $"trained model {modelPath}", // as given: a full path would name the machine's folders in published records
                ["seed"] = seed,
                ["config"] = JsonNode.Parse(config.ToJson()),
                ["environment"] = Environment(device),
                ["loadAverageAtStart"] = loadAtStart,
                ["loadAverageAtEnd"] = LoadAverage(),
                ["matmul"] = matmul,
                ["training"] = training,
                ["precision"] = precision,
                ["dataParallel"] = dataParallel,
                ["decoding"] = new JsonObject
                {
                    ["split"] = "test",
                    ["testSplitSize"] = test.Length,
                    ["inputs"] = inputs.Length,
                    ["maxLength"] = maxLength,
                    ["batchSize"] = config.Evaluation.BatchSize,
                    ["onnxSession"] = $"CPU, IntraOpNumThreads {get_num_threads()}, session.intra_op.allow_spinning=0",
                    ["results"] = decoding,
                },
                ["onnxLatency"] = latency,
                ["peakMemory"] = new JsonObject
                {
                    ["unit"] = "MiB (peak resident set, VmHWM)",
                    ["training"] = training["peakResidentMegabytes"]!.DeepClone(),
                    ["servingDecodingPhase"] = Sample.Round(decodeMemory),
                    ["servingOnnxLatencyPhase"] = Sample.Round(latencyMemory),
                    ["perPhase"] = decodeReset && latencyReset && (bool)training["peakResidentIsPhaseOnly"]!,
                    ["note"] = "one process: every figure includes the loaded libtorch and ONNX Runtime libraries and the TorchSharp model",
                },
                ["wallSeconds"] = Sample.Round(wall.Elapsed.TotalSeconds),
            };
        }
        finally
        {
            Directory.Delete(exportDir, recursive: true);
        }
    }

    private static JsonObject Environment(Device device)
    {
        var env = RunEnvironment.Describe(device);
        env["onnxRuntime"] = typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.GetName().Version?.ToString();
        env["ompNumThreads"] = System.Environment.GetEnvironmentVariable("OMP_NUM_THREADS");
        env["ompWaitPolicy"] = System.Environment.GetEnvironmentVariable("OMP_WAIT_POLICY");
        return env;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>Evenly spaced, so a subset spans the whole range and is the same on every run.</summary>
    private static long[][] Subset(long[][] inputs, int? count) =>
        count is int c && c < inputs.Length ? Enumerable.Range(0, c).Select(i => inputs[(long)i * inputs.Length / c]).ToArray() : inputs;
}
