using System.CommandLine;
using NeuralMath.Cli.Benchmarks;
using NeuralMath.Evaluation;

namespace NeuralMath.Cli.Commands;

/// <summary><c>neuralmath bench</c>: measures matmul peak, training and decoding speed and memory; writes JSON (see docs/benchmarks.md).</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Fewer reps, shorter timed trainings and a 64-input subset: about 5 minutes on 2 cores." };
        var smoke = new Option<bool>("--smoke") { Description = "Tiny settings for the test suite; the figures mean nothing.", Hidden = true };
        var output = new Option<string>("--out", "-o") { Description = "JSON file to write (default bench.json)." };
        var model = new Option<string?>("--model", "-m") { Description = "A trained model (model.nmm); default: a fresh, untrained factorization-2p16-base30 model." };
        var threads = new Option<int>("--threads") { Description = "Torch and ONNX Runtime threads (0 = torch's default)." };
        var ranks = new Option<int>("--ranks") { Description = "Also time training as N single-thread MPI ranks against one process with N threads, alternated (needs mpiexec; see docs/distributed.md)." };
        var command = new Command("bench", "Measure matmul peak, training throughput, float32 against bfloat16 training, decoding throughput (TorchSharp, ONNX Runtime, naive), latency and memory.")
        {
            quick, smoke, output, model, threads, ranks,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            int threadCount = parse.GetValue(threads);
            if (threadCount < 0) throw new ArgumentException("--threads must be 0 (torch's default) or more.");
            int rankCount = parse.GetValue(ranks);
            if (rankCount is < 0 or 1) throw new ArgumentException($"--ranks must be 2 or more, not {rankCount}.");
            var settings = parse.GetValue(smoke) ? BenchSettings.Smoke : parse.GetValue(quick) ? BenchSettings.Quick : BenchSettings.Full;
            string path = parse.GetValue(output) ?? "bench.json";
            var result = BenchRunner.Run(settings, parse.GetValue(model), threadCount, rankCount, message => Console.Error.WriteLine(message));
            string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir is not null) Directory.CreateDirectory(dir);
            File.WriteAllText(path, result.ToJsonString(EvaluationJson.Indented));
            Console.WriteLine($"wrote {path} ({result["wallSeconds"]} s)");
            return 0;
        }));
        return command;
    }
}
