using System.CommandLine;
using System.Globalization;
using NeuralMath.Reports.Comparison;

namespace NeuralMath.Cli.Commands;

/// <summary><c>neuralmath compare</c>: time to accuracy of several runs, as figures, a table and an offline index.html.</summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var runs = new Argument<string[]>("runs") { Description = "Training run folders (each with metrics.jsonl).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out", "-o") { Description = "Folder for index.html, the figures and time-to-threshold.csv.", DefaultValueFactory = _ => "compare" };
        var thresholds = new Option<string>("--thresholds") { Description = "Comma-separated accuracies, e.g. 0.5,0.7,0.858.", DefaultValueFactory = _ => "0.5,0.7,0.858" };
        var metric = new Option<string>("--metric") { Description = "top1, or anyOfK (runs trained with training.validationBeams ≥ 2).", DefaultValueFactory = _ => "top1" };
        var command = new Command("compare", "Compare training runs by validation accuracy against training minutes and examples seen.") { runs, output, thresholds, metric };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            bool anyOfK = parse.GetValue(metric) switch
            {
                "top1" => false,
                "anyOfK" => true,
                var m => throw new ArgumentException($"--metric must be top1 or anyOfK, not '{m}'."),
            };
            var levels = ParseThresholds(parse.GetValue(thresholds)!);
            var curves = parse.GetValue(runs)!.Select(RunCurve.Load).ToArray();
            string index = RunComparison.Write(parse.GetValue(output)!, curves, levels, anyOfK);
            var table = RunComparison.TimeToThreshold(curves, levels, anyOfK);
            Console.WriteLine(string.Join("  ", table.Columns.Select(c => c.Name)));
            for (long row = 0; row < table.Rows.Count; row++)
                Console.WriteLine(string.Join("  ", table.Columns.Select(c => c[row] switch
                {
                    null => "-", // never reached
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    var v => v.ToString(),
                })));
            Console.WriteLine($"Comparison: {index}");
            return 0;
        }));
        return command;
    }

    private static double[] ParseThresholds(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(part =>
            double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double t) && t is > 0 and <= 1 ? t
            : throw new ArgumentException($"--thresholds: '{part}' is not an accuracy in (0, 1].")).ToArray() is { Length: > 0 } levels ? levels
        : throw new ArgumentException("--thresholds: give at least one accuracy, e.g. 0.5,0.7,0.858.");
}
