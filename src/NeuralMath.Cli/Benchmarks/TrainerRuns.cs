using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using NeuralMath.Cli.Commands;
using NeuralMath.Configuration;

namespace NeuralMath.Cli.Benchmarks;

/// <summary>
/// Times real <c>neuralmath train</c> runs of the bench's config, so a comparison between settings measures the trainer
/// itself rather than a copy of its loop: each run takes 2 × <see cref="BenchSettings.TrainerRunSteps"/> steps with a
/// validation after each half, and its speed is the second half's target tokens per training second (the trainer's
/// clock leaves validation out; the first half absorbs start-up and warm-up).
/// </summary>
internal static class TrainerRuns
{
    /// <summary>One run's second half: speed, seconds per step, and for an MPI job rank 0's time in the gradient allreduce and the bytes it sent.</summary>
    public sealed record Timing(double TargetTokensPerSecond, double SecondsPerStep, double AllreduceSecondsPerStep, long AllreduceBytes);

    /// <summary>
    /// The <c>train</c> arguments of one timed run into <paramref name="runDir"/> with <paramref name="threads"/> torch
    /// threads per process; <paramref name="sets"/> are extra <c>--set key=value</c> overrides (e.g. the precision).
    /// </summary>
    public static string[] Arguments(string configPath, string runDir, int threads, BenchSettings settings, params string[] sets)
    {
        string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
        var args = new List<string>
        {
            "train", "--config", configPath, "--out", runDir, "--progress", "none", "--no-final-eval",
            "--steps", Invariant(2L * settings.TrainerRunSteps),
            "--set", $"training.evalEvery={Invariant(settings.TrainerRunSteps)}", "--set", $"training.checkpointEvery={Invariant(2L * settings.TrainerRunSteps)}",
            "--set", "training.validationSamples=8", "--set", "training.validationBeams=1", "--set", $"training.threads={Invariant(threads)}",
            "--set", "training.device=cpu", // the rest of the bench measures the CPU; `auto` would pick a GPU where there is one
        };
        if (settings.TrainerRunProblemMax is long max) args.AddRange(["--set", $"problem.max={Invariant(max)}", "--set", "problem.outOfSample=0"]);
        foreach (var set in sets) args.AddRange(["--set", set]);
        return [.. args];
    }

    /// <summary>Runs one training to its end, then reads its second half from <c>metrics.jsonl</c>.</summary>
    public static Timing Run(ProcessStartInfo start, string runDir, BenchSettings settings)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception) when (start.FileName == "mpiexec")
        {
            throw new InvalidOperationException(MpiLaunch.MissingLauncher);
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"bench: the timed training {Path.GetFileName(runDir)} failed (exit {process.ExitCode}): {stderr.Result.Trim()}");
        }
        string name = Path.GetFileName(runDir);
        var lines = File.ReadAllLines(Path.Combine(runDir, "metrics.jsonl")).Select(l => JsonNode.Parse(l)!).ToArray();
        int half = settings.TrainerRunSteps;
        if (lines.Length != 2 || (int)lines[0]["step"]! != half || (int)lines[1]["step"]! != 2 * half)
            throw new InvalidOperationException($"bench: the timed training {name} logged steps " +
                $"[{string.Join(", ", lines.Select(l => (int)l["step"]!))}], not [{half}, {2 * half}].");
        double Delta(string key) => lines[1][key] is null ? 0 : (double)lines[1][key]! - (double)lines[0][key]!;
        double seconds = Delta("trainingSeconds");
        return new Timing(Delta("targetTokensSeen") / seconds, seconds / half, Delta("allreduceSeconds") / half,
            lines[1]["allreduceBytes"] is null ? 0 : (long)lines[1]["allreduceBytes"]!);
    }

    /// <summary>
    /// Calls <paramref name="measure"/> with a temporary folder (for the timed runs) and the path of the bench's config
    /// written into it, then deletes the folder with every run in it.
    /// </summary>
    public static T InScratchFolder<T>(RunConfig config, string prefix, Func<string, string, T> measure)
    {
        string dir = Directory.CreateTempSubdirectory(prefix).FullName;
        try
        {
            string configPath = Path.Combine(dir, "config.json");
            File.WriteAllText(configPath, config.ToJson());
            return measure(dir, configPath);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The config a timed training recorded in its run folder: what it really ran with, overrides applied.</summary>
    public static RunConfig RecordedConfig(string runDir) => RunConfig.Load(Path.Combine(runDir, "config.json"));
}
