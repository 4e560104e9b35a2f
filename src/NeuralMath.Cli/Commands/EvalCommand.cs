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
        var split = new Option<string>("--split") { Description = "validation, test, oos, train or range:A-B (values A..B).", DefaultValueFactory = _ => "test" };
        var beams = new Option<int>("--beams", "-k") { Description = "Beams per input.", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--out", "-o") { Description = "Folder for report.json and predictions.csv." };
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object." };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var batch = new Option<int>("--batch-size") { Description = "Inputs decoded together.", DefaultValueFactory = _ => 512 };
        var command = new Command("eval", "Evaluate a model on a split or range.") { model, split, beams, output, json, device, batch };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            int k = parse.GetValue(beams);
            if (k < 1) throw new ArgumentException("--beams must be at least 1.");
            int batchSize = parse.GetValue(batch);
            if (batchSize < 1) throw new ArgumentException("--batch-size must be at least 1.");
            using var artifact = ModelArtifact.Load(parse.GetValue(model)!, parse.GetValue(device)!);
            string splitName = parse.GetValue(split)!;
            var inputs = Inputs(artifact, splitName);
            // Under mpiexec every rank decodes its share; rank 0 alone writes and prints.
            var predictor = new Predictor(artifact.Problem, artifact.Tokenizer, new TorchStepDecoder(artifact.Model, artifact.Device)) { Ranks = Communicator.World };
            var report = predictor.Evaluate(splitName, inputs, new BeamSearchOptions { Beams = k }, batchSize, out var predictions);
            if (!Communicator.World.IsRoot) return 0;

            if (parse.GetValue(output) is string dir)
            {
                Directory.CreateDirectory(dir);
                File.WriteAllText(Path.Combine(dir, "report.json"), JsonSerializer.Serialize(report, EvaluationJson.Indented));
                WritePredictionsCsv(Path.Combine(dir, "predictions.csv"), artifact, predictions);
            }
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(report, EvaluationJson.Options));
            else PrintReport(report, artifact.Problem);
            return 0;
        }));
        return command;
    }

    /// <summary>The inputs of a named split, or of range:A-B, that the model can take.</summary>
    internal static long[][] Inputs(ModelArtifact artifact, string split)
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
        else
        {
            var which = split switch
            {
                "train" => DataSplit.Train,
                "validation" => DataSplit.Validation,
                "test" => DataSplit.Test,
                "oos" => DataSplit.OutOfSample,
                _ => throw new ArgumentException($"--split '{split}' is not one of validation, test, oos, train, range:A-B."),
            };
            inputs = ProblemData.Inputs(artifact.Problem, p.Max, rule, which, p.OutOfSample);
        }
        const int limit = 5_000_000;
        var list = inputs.Take(limit + 1).ToArray();
        if (list.Length > limit) throw new ArgumentException($"--split '{split}' has more than {limit:N0} inputs; name a smaller range.");
        if (list.Length == 0) throw new ArgumentException($"--split '{split}' has no inputs.");
        return list;
    }

    private static void PrintReport(EvaluationReport r, MathProblem problem)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"{r.Problem} · {r.Split} · {r.Count} inputs · {r.Beams} beam(s) · {r.Seconds:F1} s"));
        Console.WriteLine(string.Create(c, $"  top-1 accuracy     {r.Top1Accuracy:P2}"));
        Console.WriteLine(string.Create(c, $"  any-of-{r.Beams} accuracy  {r.AnyOfKAccuracy:P2}"));
        Console.WriteLine(string.Create(c, $"  verified accuracy  {r.VerifiedAccuracy:P2}"));
        foreach (var metric in problem.AnswerMetrics)
            if (r.Metric(metric.Name) is double value) Console.WriteLine(string.Create(c, $"  {metric.Label,-18} {value:P2} ({metric.Description})"));
        foreach (var (group, buckets) in r.Groups)
        {
            Console.WriteLine($"  by {group}:");
            foreach (var (bucket, m) in buckets)
                Console.WriteLine(string.Create(c, $"    {bucket,-10} n={m.Count,-7} top-1 {m.Top1Accuracy,7:P1}  any-of-k {m.AnyOfKAccuracy,7:P1}"));
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
