using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using NeuralMath.Cli.Output;
using NeuralMath.Distributed;
using NeuralMath.Training;

namespace NeuralMath.Cli.Commands;

/// <summary><c>neuralmath train</c>: runs a config, writes the run folder, prints held-out accuracy.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config", "-c") { Description = $"Config file, or a built-in config name ({string.Join(", ", ConfigSource.EmbeddedNames)}). Default: {ConfigSource.Default}." };
        var output = new Option<string?>("--out", "-o") { Description = "Run folder (default: runs/<config name>)." };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its last checkpoint." };
        var set = new Option<string[]>("--set") { Description = "Override a config value, e.g. --set training.steps=500 (repeatable).", AllowMultipleArgumentsPerToken = false };
        var steps = new Option<int?>("--steps") { Description = "Shortcut for --set training.steps=N." };
        var seed = new Option<long?>("--seed") { Description = "Shortcut for --set training.seed=N." };
        var device = new Option<string?>("--device") { Description = "auto, cpu, cuda or cuda:N (shortcut for training.device)." };
        var progress = new Option<string>("--progress") { Description = "Progress display.", DefaultValueFactory = _ => "auto" };
        progress.AcceptOnlyFromAmong("auto", "bar", "plain", "none");
        var noFinalEval = new Option<bool>("--no-final-eval") { Description = "Skip the closing evaluation of the best model on test and out-of-sample inputs (run neuralmath eval later)." };
        var ranks = new Option<int>("--ranks") { Description = "Train as N data-parallel MPI processes on this machine (runs mpiexec -n N; see docs/distributed.md).", DefaultValueFactory = _ => 1 };

        var command = new Command("train", "Train a model. Writes config.json, checkpoint.nmm, model.nmm (best on validation), metrics.jsonl and results.json.")
        {
            config, output, resume, set, steps, seed, device, progress, noFinalEval, ranks,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            if (parse.GetValue(ranks) < 1) throw new ArgumentException($"--ranks must be at least 1, not {parse.GetValue(ranks)}.");
            if (MpiLaunch.Wanted(parse.GetValue(ranks))) return MpiLaunch.Run(parse.GetValue(ranks));
            var overrides = new List<string>(parse.GetValue(set) ?? []);
            if (parse.GetValue(steps) is int s) overrides.Add($"training.steps={s}");
            if (parse.GetValue(seed) is long sd) overrides.Add($"training.seed={sd}");
            if (parse.GetValue(device) is string d) overrides.Add($"training.device=\"{d}\"");
            string? dir = parse.GetValue(output);
            bool isResume = parse.GetValue(resume);
            var (runConfig, name) = isResume && dir is not null && parse.GetValue(config) is null && File.Exists(Path.Combine(dir, "config.json"))
                ? ConfigSource.Load(Path.Combine(dir, "config.json"), overrides)
                : ConfigSource.Load(parse.GetValue(config), overrides);
            dir ??= Path.Combine("runs", name);
            var trainer = new Trainer(runConfig, dir, new ProgressReporter(parse.GetValue(progress)!));
            // Checked here, before the trainer creates the run folder, so a mistaken --resume leaves nothing behind.
            if (isResume && !File.Exists(trainer.CheckpointPath))
                throw new FileNotFoundException($"--resume: nothing to resume: '{trainer.CheckpointPath}' does not exist.");

            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true; // finish the step, write a checkpoint, then exit
                cancel.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                var results = trainer.Run(isResume, cancel.Token, finalEvaluation: !parse.GetValue(noFinalEval));
                if (results["interrupted"] is not null) return 130;
                if (Communicator.World.IsRoot) PrintSummary(results, dir);
                return 0;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }));
        return command;
    }

    private static void PrintSummary(JsonObject results, string dir)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine();
        // After a resume, training time spans every session but wall time is only this process's.
        string wall = results["resumedFromStep"] is null ? "total wall time" : $"wall time since resuming at step {results["resumedFromStep"]}";
        Console.WriteLine(string.Create(c, $"Trained {results["steps"]} steps in {(double)results["trainingSeconds"]!:F0} s (best validation at step {results["bestStep"]}); {wall} {(double)results["wallSeconds"]!:F0} s."));
        foreach (var split in new[] { "test", "oos" })
        {
            if (results[split] is not JsonObject r) continue;
            string label = split == "test" ? "held-out test" : "out-of-sample";
            Console.WriteLine(string.Create(c,
                $"{label,-14} top-1 accuracy {(double)r["top1Accuracy"]!:P2} over {r["count"]} inputs ({r["beams"]} beam(s); any-of-k {(double)r["anyOfKAccuracy"]!:P2})"));
            foreach (var (task, t) in r["tasks"] as JsonObject ?? [])
                Console.WriteLine(string.Create(c, $"  {task,-12} top-1 accuracy {(double)t!["top1Accuracy"]!:P2} over {t["count"]} inputs (any-of-k {(double)t["anyOfKAccuracy"]!:P2})"));
        }
        Console.WriteLine($"Model: {Path.Combine(dir, "model.nmm")}   Results: {Path.Combine(dir, "results.json")}");
    }
}
