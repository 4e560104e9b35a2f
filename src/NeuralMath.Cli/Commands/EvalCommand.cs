using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NeuralMath.Artifacts;
using NeuralMath.Data;
using NeuralMath.Decoding;
using NeuralMath.Distributed;
using NeuralMath.Evaluation;
using NeuralMath.Problems;

namespace NeuralMath.Cli.Commands;

/// <summary><c>neuralmath eval</c>: decodes a split with k beams and reports top-1, any-of-k, verified and per-group accuracy.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "Model file (model.nmm).", Required = true };
        var split = new Option<string>("--split")
        {
            Description = "validation, test, oos, train, range:A-B (values A..B), lengths:A-B (two-operand problems: the length-generalization grid, "
                + "operands of A to B digits in the model's base, --per-cell inputs per pair of lengths) or stratified (problems with answer classes, "
                + "e.g. gcd: --per-cell test-split inputs per class, gcd 1 to 100).",
            DefaultValueFactory = _ => "test",
        };
        var perCell = new Option<int>("--per-cell") { Description = "With --split lengths:A-B or stratified: inputs per cell of the grid or per class (a cell or class with fewer gets all of them).", DefaultValueFactory = _ => 100 };
        var beams = new Option<int>("--beams", "-k") { Description = "Beams per input.", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--out", "-o") { Description = "Folder for report.json and predictions.csv." };
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object." };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var batch = new Option<int>("--batch-size") { Description = "Inputs decoded together.", DefaultValueFactory = _ => 512 };
        var command = new Command("eval", "Evaluate a model on a split or range.") { model, split, perCell, beams, output, json, device, batch };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            int k = parse.GetValue(beams);
            if (k < 1) throw new ArgumentException("--beams must be at least 1.");
            int batchSize = parse.GetValue(batch);
            if (batchSize < 1) throw new ArgumentException("--batch-size must be at least 1.");
            int cellInputs = parse.GetValue(perCell);
            if (cellInputs < 1) throw new ArgumentException("--per-cell must be at least 1.");
            string splitName = parse.GetValue(split)!;
            var lengths = LengthsSplit(splitName);
            using var artifact = ModelArtifact.Load(parse.GetValue(model)!, parse.GetValue(device)!);
            // Under mpiexec every rank decodes its share; rank 0 alone writes and prints.
            var predictor = new Predictor(artifact.Problem, artifact.Tokenizer, new TorchStepDecoder(artifact.Model, artifact.Device)) { Ranks = Communicator.World };
            var inputs = lengths is var (from, to) ? GridInputs(predictor, splitName, from, to, cellInputs) : Inputs(artifact, splitName, cellInputs);
            var report = predictor.Evaluate(splitName, inputs, new BeamSearchOptions { Beams = k }, batchSize, out var predictions, byOperandLength: lengths is not null);
            if (!Communicator.World.IsRoot) return 0;

            if (parse.GetValue(output) is string dir)
            {
                Directory.CreateDirectory(dir);
                File.WriteAllText(Path.Combine(dir, "report.json"), JsonSerializer.Serialize(report, EvaluationJson.Indented));
                WritePredictionsCsv(Path.Combine(dir, "predictions.csv"), artifact, predictions);
            }
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(report, EvaluationJson.Options));
            else PrintReport(report, artifact);
            return 0;
        }));
        return command;
    }

    /// <summary>The lengths of a <c>lengths:A-B</c> split; null for any other split.</summary>
    internal static (int From, int To)? LengthsSplit(string split)
    {
        if (!split.StartsWith("lengths:", StringComparison.Ordinal)) return null;
        var bounds = split["lengths:".Length..].Split('-');
        if (bounds.Length != 2 || !int.TryParse(bounds[0], CultureInfo.InvariantCulture, out int from) || !int.TryParse(bounds[1], CultureInfo.InvariantCulture, out int to)
            || from < 1 || from > to || to > MaxGridLength)
            throw new ArgumentException($"--split '{split}': write a length grid as lengths:A-B with 1 ≤ A ≤ B ≤ {MaxGridLength}, e.g. lengths:1-18 (digits of each operand).");
        return (from, to);
    }

    /// <summary>Longest operand of a grid: 64 digits (base 2 reaches int64's 63 bits).</summary>
    private const int MaxGridLength = 64;

    /// <summary>
    /// The grid's inputs that the model can take. Cells whose sequences need more positions than the model has are left
    /// out, with one note on standard error saying how many; a grid with none left is an error.
    /// </summary>
    internal static long[][] GridInputs(Predictor predictor, string split, int from, int to, int perCell)
    {
        var problem = predictor.Problem;
        if (problem.Tasks.Count > 0) throw new ArgumentException($"--split '{split}': the length grid needs a single two-operand problem; this is a multitask model.");
        if (problem.Arity != 2) throw new ArgumentException($"--split '{split}': the length grid needs a two-operand problem; this model solves {problem.Name}.");
        var all = LengthGrid.Inputs(problem, predictor.Tokenizer.Base, from, to, perCell);
        var fit = all.Where(i => predictor.TryEncode(i, out _) is not null).ToArray();
        int cells = all.Select(i => LengthGrid.Bucket(predictor.Tokenizer, i)).Distinct().Count();
        int kept = fit.Select(i => LengthGrid.Bucket(predictor.Tokenizer, i)).Distinct().Count();
        if (fit.Length == 0) throw new ArgumentException($"--split '{split}': no input of the grid fits the model's {predictor.MaxSourceLength} positions.");
        if (fit.Length < all.Count && Communicator.World.IsRoot)
            Console.Error.WriteLine($"note: {all.Count - fit.Length} of {all.Count} grid inputs ({cells - kept} whole cells of {cells}) need more than the model's {predictor.MaxSourceLength} positions and are left out.");
        return fit;
    }

    /// <summary>The inputs of a named split, or of range:A-B, that the model can take.</summary>
    internal static long[][] Inputs(ModelArtifact artifact, string split, int perClass = 100)
    {
        var p = artifact.Config.Problem;
        var rule = new SplitRule(p.SplitSeed, p.ValidationFraction, p.TestFraction);
        IEnumerable<long[]> inputs;
        if (split.StartsWith("range:", StringComparison.Ordinal))
        {
            var bounds = split["range:".Length..].Split('-');
            if (bounds.Length != 2 || !long.TryParse(bounds[0], CultureInfo.InvariantCulture, out long from) || !long.TryParse(bounds[1], CultureInfo.InvariantCulture, out long to) || from > to || from < 0)
                throw new ArgumentException($"--split '{split}': write a range as range:A-B with 0 ≤ A ≤ B, e.g. range:65536-70000.");
            inputs = artifact.Problem.Range(from, to);
        }
        else if (split == "stratified")
        {
            if (artifact.Problem.Tasks.Count > 0) throw new ArgumentException($"--split '{split}': evaluate one task's model; this is a multitask model.");
            try
            {
                inputs = ProblemData.Stratified(artifact.Problem, p.Max, rule, perClass);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"--split '{split}': {e.Message}", e);
            }
        }
        else
        {
            var which = split switch
            {
                "train" => DataSplit.Train,
                "validation" => DataSplit.Validation,
                "test" => DataSplit.Test,
                "oos" => DataSplit.OutOfSample,
                _ => throw new ArgumentException($"--split '{split}' is not one of validation, test, oos, train, range:A-B, lengths:A-B, stratified."),
            };
            inputs = ProblemData.Inputs(artifact.Problem, p.Max, rule, which, p.OutOfSample);
        }
        const int limit = 5_000_000;
        var list = inputs.Take(limit + 1).ToArray();
        if (list.Length > limit) throw new ArgumentException($"--split '{split}' has more than {limit:N0} inputs; name a smaller range.");
        if (list.Length == 0) throw new ArgumentException($"--split '{split}' has no inputs.");
        return list;
    }

    private static void PrintReport(EvaluationReport r, ModelArtifact artifact) => PrintReport(r, artifact.Problem, artifact, "");

    // A multitask model's report: the pooled figures, then each task's own report, indented.
    private static void PrintReport(EvaluationReport r, MathProblem problem, ModelArtifact artifact, string indent)
    {
        var c = CultureInfo.InvariantCulture;
        string header = string.Create(c, $"{r.Problem} · {r.Split} · {r.Count} inputs · {r.Beams} beam(s) · {r.Seconds:F1} s");
        Console.WriteLine(indent + header + (problem.Tasks.Count > 0 ? " (all tasks pooled; each input counts once)" : ""));
        PrintBody(r, problem, artifact, indent);
        foreach (var (name, taskReport) in r.Tasks ?? [])
            PrintReport(taskReport, problem.Tasks.Single(t => t.Name == name).Problem, artifact, "  ");
    }

    private static void PrintBody(EvaluationReport r, MathProblem problem, ModelArtifact artifact, string indent)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(indent + string.Create(c, $"  top-1 accuracy     {r.Top1Accuracy:P2}"));
        Console.WriteLine(indent + string.Create(c, $"  any-of-{r.Beams} accuracy  {r.AnyOfKAccuracy:P2}"));
        Console.WriteLine(indent + string.Create(c, $"  verified accuracy  {r.VerifiedAccuracy:P2}"));
        foreach (var metric in problem.AnswerMetrics)
            if (r.Metric(metric.Name) is double value) Console.WriteLine(indent + string.Create(c, $"  {metric.Label,-18} {value:P2} ({metric.Description})"));
        foreach (var (group, buckets) in r.Groups)
        {
            if (group == LengthGrid.Group)
            {
                PrintGrid(buckets, artifact);
                continue;
            }
            Console.WriteLine($"{indent}  by {group}:");
            foreach (var (bucket, m) in buckets)
                Console.WriteLine(indent + string.Create(c, $"    {bucket,-10} n={m.Count,-7} top-1 {m.Top1Accuracy,7:P1}  any-of-k {m.AnyOfKAccuracy,7:P1}"));
        }
        foreach (var (group, judged, learned) in LearnedClasses.Of(r, problem))
            Console.WriteLine(indent + string.Create(c,
                $"  learned {group} classes (top-1 ≥ {100 * LearnedClasses.Threshold:0}%, ≥ {LearnedClasses.MinimumInputs} inputs): {learned.Count} of {judged.Count}: {string.Join(' ', learned)}"));
    }

    /// <summary>The length grid as a table of top-1 percentages: rows are a's digits, columns b's; '·' for a cell with no inputs.</summary>
    private static void PrintGrid(SortedDictionary<string, GroupMetrics> buckets, ModelArtifact artifact)
    {
        var cells = new Dictionary<(int, int), GroupMetrics>();
        foreach (var (bucket, metrics) in buckets)
            if (LengthGrid.TryParseBucket(bucket, out int a, out int b)) cells[(a, b)] = metrics;
        var lengths = cells.Keys.SelectMany(c => new[] { c.Item1, c.Item2 }).Distinct().Order().ToArray();
        var config = artifact.Config.Problem;
        string trained = artifact.Problem.Square(config.Max, config.OutOfSample) is { } square
            ? $"; trained on operands of up to {artifact.Tokenizer.DigitCount(square.TrainHigh)} digits" : "";
        Console.WriteLine($"  top-1 % by {LengthGrid.Description} (rows: a, columns: b; base {artifact.Tokenizer.Base}{trained}):");
        var line = new StringBuilder("      ");
        foreach (int b in lengths) line.Append(CultureInfo.InvariantCulture, $"{b,5}");
        Console.WriteLine(line);
        foreach (int a in lengths)
        {
            line.Clear().Append(CultureInfo.InvariantCulture, $"    {a,2}");
            foreach (int b in lengths)
                line.Append(cells.TryGetValue((a, b), out var m) ? string.Create(CultureInfo.InvariantCulture, $"{100 * m.Top1Accuracy,5:F0}") : "    ·");
            Console.WriteLine(line);
        }
    }

    private static void WritePredictionsCsv(string path, ModelArtifact artifact, IReadOnlyList<Prediction> predictions)
    {
        var problem = artifact.Problem;
        var sb = new StringBuilder("input,expected,top_answer,top_log_prob,top1_correct,verified_beam,verified_answer,beams\n");
        foreach (var p in predictions)
        {
            var top = p.Beams.Count > 0 ? p.Beams[0] : null;
            sb.Append(CultureInfo.InvariantCulture,
                $"{problem.FormatInput(p.Input)},{problem.FormatAnswer(problem.Solve(p.Input))},{(p.Best is null ? "" : problem.FormatAnswer(p.Best))}," +
                $"{top?.Hypothesis.LogProbability:G6},{(top?.Verdict.Correct ?? false ? 1 : 0)},{p.VerifiedBeam},{(p.Verified is null ? "" : problem.FormatAnswer(p.Verified))},{p.Beams.Count}\n");
        }
        File.WriteAllText(path, sb.ToString());
    }
}
