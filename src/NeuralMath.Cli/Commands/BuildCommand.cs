using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using NeuralMath.Artifacts;
using NeuralMath.Cli.Consumption;
using NeuralMath.Cli.Output;
using NeuralMath.Configuration;
using NeuralMath.Onnx;
using NeuralMath.Search;

namespace NeuralMath.Cli.Commands;

/// <summary>
/// <c>neuralmath build</c>: Model Builder for a math problem. Searches the problem's space within a time budget (the
/// core's <see cref="ModelBuilder"/>, through the ML.NET catalog's <c>Build</c>, so the CLI and the API are one search),
/// then writes the winner as model.nmm, an ML.NET model zip and an ONNX export, and generates the code that consumes them.
/// </summary>
internal static class BuildCommand
{
    public static Command Create()
    {
        var problem = new Option<string?>("--problem", "-p") { Description = $"The problem: {string.Join(", ", Problems.ProblemRegistry.Names)} (a multitask model is trained from a config, not built)." };
        var max = new Option<long?>("--max") { Description = "The problem's range (factorization: n < max; two-operand problems: operands up to max)." };
        var time = new Option<string?>("--time", "-t") { Description = "Time budget of the search, e.g. 3m, 60m, 1h30m (the winner's evaluation comes after it, and its time is printed)." };
        var output = new Option<string?>("--out", "-o") { Description = "Build folder (default: builds/<problem>-<max>)." };
        var metric = new Option<string>("--metric") { Description = "What trials are ranked by, on the validation split: top1, anyOfK or verified.", DefaultValueFactory = _ => "top1" };
        var space = new Option<string?>("--space") { Description = "A JSON file overriding parts of the default search space (start, dimensions, schedule; see docs/build.md)." };
        var seed = new Option<long>("--seed") { Description = "Seed of the trials' settings and of every trial's training.", DefaultValueFactory = _ => 1 };
        var resume = new Option<bool>("--resume") { Description = "Continue the build in --out from its build.json (--time then replaces its budget)." };
        var set = new Option<string[]>("--set") { Description = "Override a setting of the starting config, e.g. --set model.dropout=0.1, or of the problem, e.g. --set problem.outOfSample=100 (repeatable).", AllowMultipleArgumentsPerToken = false };
        var threads = new Option<int>("--threads") { Description = "Torch threads per trial (0: all cores; on a machine shared with other work, 1 is often faster)." };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var progress = new Option<string>("--progress") { Description = "Leaderboard display: live (redrawn), plain (one line per change), none; auto picks live on a terminal.", DefaultValueFactory = _ => "auto" };
        progress.AcceptOnlyFromAmong("auto", "live", "plain", "none");
        var feed = new Option<string>("--feed") { Description = "The folder the generated projects take NeuralMath's packages from (made with dotnet pack; see docs/build.md).", DefaultValueFactory = _ => Path.Combine("..", "neuralmath-packages") };

        var command = new Command("build", "Search for the best model of a problem within a time budget (like ML.NET's Model Builder): a live leaderboard, " +
            "build.json and leaderboard.csv, the winner as model.nmm, model.zip (ML.NET) and onnx/, and generated projects that use them.")
        {
            problem, max, time, output, metric, space, seed, resume, set, threads, device, progress, feed,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var clock = Stopwatch.StartNew();
            bool isResume = parse.GetValue(resume);
            var options = isResume
                ? ResumeOptions(parse.GetValue(output), parse.GetValue(problem), parse.GetValue(max), parse.GetValue(time),
                    parse.GetValue(set) is { Length: > 0 } || parse.GetValue(space) is not null || parse.GetResult(metric) is { Implicit: false } || parse.GetResult(seed) is { Implicit: false })
                : NewOptions(parse.GetValue(problem), parse.GetValue(max), parse.GetValue(time), parse.GetValue(output), parse.GetValue(set), parse.GetValue(space));
            if (!isResume)
            {
                options.Metric = SearchMetrics.Parse(parse.GetValue(metric)!);
                options.Seed = parse.GetValue(seed);
            }
            if (parse.GetValue(threads) < 0) throw new ArgumentException($"--threads must be 0 or more, not {parse.GetValue(threads)}.");
            options.Threads = parse.GetValue(threads);
            options.Device = parse.GetValue(device)!;
            if (!Runtime.DeviceName.TryParse(options.Device, out _, out _)) throw new ArgumentException($"--device '{options.Device}' is not auto, cpu, cuda or cuda:N.");

            var view = new LeaderboardView(parse.GetValue(progress)!);
            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true; // finish the step, write a checkpoint and build.json, then exit
                cancel.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                var mlContext = new MLContext(seed: 0);
                MathBuildResult result;
                try
                {
                    result = mlContext.NeuralMath().Build(options, view, cancel.Token);
                }
                catch (OperationCanceledException)
                {
                    view.Close();
                    return 130;
                }
                view.Close();
                using (result.Model)
                    Finish(mlContext, result, options.OutputDirectory!, parse.GetValue(feed)!, clock);
                return 0;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }));
        return command;
    }

    private static BuildOptions NewOptions(string? problemName, long? max, string? time, string? output, string[]? set, string? space)
    {
        if (problemName is null || max is null || time is null)
            throw new ArgumentException("build needs --problem, --max and --time (or --resume with the --out of an earlier build).");
        var overrides = set ?? [];
        // problem.* settings state the problem (they size the default space); the others change the starting config.
        var problemSets = overrides.Where(o => o.TrimStart().StartsWith("problem.", StringComparison.Ordinal)).ToList();
        var problem = RunConfig.Parse("{}", [$"problem.name=\"{problemName}\"", $"problem.max={max}"], "--problem/--max").Problem;
        if (!problemSets.Any(o => o.TrimStart().StartsWith("problem.outOfSample", StringComparison.Ordinal)))
            problemSets.Insert(0, $"problem.outOfSample={DefaultSpaces.OutOfSample(problem.Name, problem.Max)}");
        problem = RunConfig.Parse("{}", [$"problem.name=\"{problemName}\"", $"problem.max={max}", .. problemSets], "--set").Problem;

        var searchSpace = SearchSpace.For(problem);
        if (space is not null)
        {
            if (!File.Exists(space)) throw new FileNotFoundException($"--space: '{space}' does not exist.", space);
            searchSpace = searchSpace.Override(File.ReadAllText(space), space);
        }
        var startSets = overrides.Except(problemSets).Where(o => !o.TrimStart().StartsWith("problem.", StringComparison.Ordinal)).ToList();
        if (startSets.Count > 0) searchSpace = searchSpace.WithStart(startSets, "--set");
        return new BuildOptions
        {
            Problem = problem,
            Budget = Duration.Parse(time, "--time"),
            Space = searchSpace,
            OutputDirectory = output ?? Path.Combine("builds", string.Create(CultureInfo.InvariantCulture, $"{problem.Name}-{problem.Max}")),
        };
    }

    // A resumed build is the recorded one: only its budget may change.
    private static BuildOptions ResumeOptions(string? output, string? problemName, long? max, string? time, bool changesTheSearch)
    {
        if (output is null) throw new ArgumentException("--resume needs --out, the folder of the build to continue.");
        if (changesTheSearch)
            throw new ArgumentException("--resume continues the recorded build: --set, --space, --metric and --seed cannot change it (only --time, --threads and --device can).");
        var record = BuildRecord.Load(output);
        var problem = SearchSpace.Parse(record.Space.ToJsonString(), $"'{Path.Combine(output, BuildRecord.FileName)}' space").Problem;
        if (problemName is not null) problem.Name = problemName;
        if (max is not null) problem.Max = max.Value;
        return new BuildOptions
        {
            Problem = problem,
            Budget = time is null ? TimeSpan.FromSeconds(record.BudgetSeconds) : Duration.Parse(time, "--time"),
            OutputDirectory = output,
            Resume = true,
        };
    }

    // The winner as an ML.NET zip, an ONNX export and consuming code; then the summary.
    private static void Finish(MLContext mlContext, MathBuildResult result, string dir, string feed, Stopwatch clock)
    {
        var c = CultureInfo.InvariantCulture;
        var export = Stopwatch.StartNew();
        string zip = Path.Combine(dir, "model.zip"), onnx = Path.Combine(dir, "onnx");
        Console.WriteLine($"Saving the winner as {zip} and exporting it to ONNX in {onnx}…");
        mlContext.Model.Save(result.Model, result.InputSchema, zip);
        using (var artifact = ModelArtifact.Load(result.Details.ModelPath, "cpu"))
        {
            OnnxExporter.Export(artifact, onnx);
            ConsumptionProjects.Write(dir, artifact.Problem, artifact.Config.Problem.Max, feed);
        }
        double exportSeconds = export.Elapsed.TotalSeconds;

        var record = result.Details.Record;
        Console.WriteLine();
        Console.WriteLine($"Leaderboard ({record.Trials.Count} trials, ranked by validation {record.Metric.Name()}):");
        foreach (var line in LeaderboardText.Table(new BuildSnapshot(result.Leaderboard, record.Metric, record.SpentSeconds, record.BudgetSeconds)))
            Console.WriteLine("  " + line);
        Console.WriteLine();
        var best = result.Winner.Best()!;
        Console.WriteLine(string.Create(c, $"Winner: trial {result.Winner.Id} ({result.Winner.Description}), {result.Winner.Steps:N0} steps; validation {record.Metric.Name()} {best.Value(record.Metric):P2} at step {best.Step:N0}."));
        foreach (var (label, report) in new[] { ("held-out test", result.Details.Test), ("out-of-sample", result.Details.OutOfSample) })
        {
            if (report is null) continue;
            Console.WriteLine(string.Create(c, $"{label,-14} top-1 accuracy {report.Top1Accuracy:P2} over {report.Count:N0} inputs ({report.Beams} beam(s); any-of-k {report.AnyOfKAccuracy:P2})"));
        }
        // The budget bounds the search; what comes after it is stated, as promised.
        Console.WriteLine(string.Create(c,
            $"Search {ModelBuilder.Clock(record.SpentSeconds)} of its {ModelBuilder.Clock(record.BudgetSeconds)} budget; then the winner's evaluation {result.Details.EvaluationSeconds:F0} s and its export {exportSeconds:F0} s; {ModelBuilder.Clock(clock.Elapsed.TotalSeconds)} in all."));
        Console.WriteLine($"Wrote {Path.Combine(dir, "model.nmm")}, {zip}, {onnx}, {Path.Combine(dir, BuildRecord.FileName)}, {Path.Combine(dir, "leaderboard.csv")} and {Path.Combine(dir, ConsumptionProjects.Folder)}.");
        string feedPath = Path.GetFullPath(feed);
        if (File.Exists(Path.Combine(feedPath, $"NeuralMath.MLNet.{ConsumptionProjects.PackageVersion}.nupkg")))
            Console.WriteLine($"The generated apps take NeuralMath's packages from {feedPath}.");
        else
        {
            Console.WriteLine($"The generated apps take NeuralMath's packages (not on nuget.org yet) from {feedPath}; fill it once, in a NeuralMath clone's root folder:");
            foreach (var package in new[] { "Transformers", "MLNet", "Onnx" })
                Console.WriteLine($"  dotnet pack src/NeuralMath.{package} -c Release -o \"{feedPath}\"");
        }
        string example = ExampleInput(result);
        Console.WriteLine("Then:");
        Console.WriteLine($"  cd {Path.Combine(dir, ConsumptionProjects.Folder, "mlnet")} && dotnet run -- {example}    (ML.NET, model.zip)");
        Console.WriteLine($"  cd {Path.Combine(dir, ConsumptionProjects.Folder, "onnx")} && dotnet run -- {example}     (ONNX Runtime, onnx/)");
    }

    private static string ExampleInput(MathBuildResult result)
    {
        var problem = result.Model.Predictor.Problem;
        return problem.FormatInput(problem.ExampleInput(result.Model.Config.Problem.Max));
    }
}
