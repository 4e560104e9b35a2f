using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Data.Analysis;
using NeuralMath.Reports.Figures;
using ScottPlot;

namespace NeuralMath.Reports.Comparison;

/// <summary>
/// Compares training runs by time to accuracy: validation accuracy against training minutes and against examples
/// seen, for every run in one figure each, and a table of the first minute (and example count) at which each run
/// reached each threshold. Written as PNGs, <c>time-to-threshold.csv</c> and an offline <c>index.html</c>.
/// </summary>
public static class RunComparison
{
    /// <summary>The reference's 2^16 test any-of-2 (0.858) with two round marks below it.</summary>
    public static IReadOnlyList<double> DefaultThresholds { get; } = [0.5, 0.7, 0.858];

    /// <summary>
    /// The time-to-threshold table: one row per run; per threshold the training minutes and examples seen at the first
    /// evaluation at or above it (empty when never reached), then the run's last and best values.
    /// </summary>
    public static DataFrame TimeToThreshold(IReadOnlyList<RunCurve> runs, IReadOnlyList<double> thresholds, bool anyOfK)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(thresholds);
        var columns = new List<DataFrameColumn> { new StringDataFrameColumn("run", runs.Select(r => r.Name)) };
        foreach (var t in thresholds)
        {
            string label = t.ToString("0.###", CultureInfo.InvariantCulture);
            var firsts = runs.Select(r => r.FirstReaching(t, anyOfK)).ToArray();
            columns.Add(new DoubleDataFrameColumn($"minutes to {label}", firsts.Select(p => p is null ? (double?)null : Math.Round(p.TrainingMinutes, 2))));
            columns.Add(new Int64DataFrameColumn($"examples to {label}", firsts.Select(p => p?.ExamplesSeen)));
        }
        columns.Add(new DoubleDataFrameColumn("last minutes", runs.Select(r => (double?)Math.Round(r.Points[^1].TrainingMinutes, 2))));
        columns.Add(new DoubleDataFrameColumn("last value", runs.Select(r => (double?)Metric(r.Points[^1], anyOfK))));
        columns.Add(new DoubleDataFrameColumn("best value", runs.Select(r => (double?)r.Points.Max(p => Metric(p, anyOfK)))));
        return new DataFrame(columns);
    }

    /// <summary>Writes the comparison into <paramref name="folder"/>; returns the path of its index.html.</summary>
    /// <param name="folder">Output folder (created).</param>
    /// <param name="runs">The runs, in legend order.</param>
    /// <param name="thresholds">Accuracy thresholds in (0, 1].</param>
    /// <param name="anyOfK">Compare validation any-of-k (every run must have logged it) instead of top-1.</param>
    public static string Write(string folder, IReadOnlyList<RunCurve> runs, IReadOnlyList<double> thresholds, bool anyOfK)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0) throw new ArgumentException("Give at least one run folder.", nameof(runs));
        if (anyOfK && runs.FirstOrDefault(r => !r.HasAnyOfK) is { } missing)
            throw new ArgumentException($"Run '{missing.Name}' logged no any-of-k (train with training.validationBeams ≥ 2, or compare top-1).");
        foreach (var t in thresholds)
            if (t is <= 0 or > 1 || double.IsNaN(t)) throw new ArgumentOutOfRangeException(nameof(thresholds), t, "Thresholds are accuracies in (0, 1].");
        Directory.CreateDirectory(folder);
        PlotFiles.UseReportFont();
        string metric = anyOfK ? "validation any-of-k" : "validation top-1";
        var figures = new[]
        {
            Draw(folder, "accuracy-vs-minutes.png", runs, thresholds, anyOfK, p => p.TrainingMinutes, "training minutes (validation excluded)", metric),
            Draw(folder, "accuracy-vs-examples.png", runs, thresholds, anyOfK, p => p.ExamplesSeen / 1e6, "training examples seen (millions)", metric),
        };
        var table = TimeToThreshold(runs, thresholds, anyOfK);
        Tables.CsvTable.Save(table, Path.Combine(folder, "time-to-threshold.csv"));
        string index = Path.Combine(folder, "index.html");
        File.WriteAllText(index, Page(runs, table, figures, metric));
        return index;
    }

    private static double Metric(CurvePoint p, bool anyOfK) => anyOfK ? p.AnyOfK ?? double.NaN : p.Top1;

    private static ReportFigure Draw(string folder, string file, IReadOnlyList<RunCurve> runs, IReadOnlyList<double> thresholds, bool anyOfK,
        Func<CurvePoint, double> x, string xLabel, string metric)
    {
        using var plot = new Plot();
        foreach (var run in runs)
        {
            var scatter = plot.Add.Scatter(run.Points.Select(x).ToArray(), run.Points.Select(p => 100 * Metric(p, anyOfK)).ToArray());
            scatter.LegendText = run.Name;
            scatter.MarkerSize = run.Points.Count > 60 ? 0 : 4;
        }
        foreach (var t in thresholds)
        {
            var line = plot.Add.HorizontalLine(100 * t);
            line.LineColor = Colors.Gray.WithAlpha(0.6);
            line.LinePattern = LinePattern.Dashed;
        }
        string title = $"{metric} vs {(file.Contains("minutes", StringComparison.Ordinal) ? "training time" : "examples seen")}";
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel($"{metric} (%)");
        plot.ShowLegend(Alignment.UpperLeft); // curves rise from the lower left: keep the legend off them
        plot.Axes.SetLimitsY(0, 100);
        plot.Axes.Margins(left: 0);
        string caption = $"One line per run; dashed lines at {string.Join(", ", thresholds.Select(t => (100 * t).ToString("0.#", CultureInfo.InvariantCulture) + " %"))}.";
        return PlotFiles.Save(plot, folder, file, title, caption, 800, 480);
    }

    private static string Page(IReadOnlyList<RunCurve> runs, DataFrame table, IReadOnlyList<ReportFigure> figures, string metric)
    {
        var c = CultureInfo.InvariantCulture;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>NeuralMath: time to accuracy</title></head><body style=\"font-family: 'DejaVu Sans', Arial, sans-serif; max-width: 1100px; margin: 2em auto\">\n");
        html.Append(c, $"<h1>Time to accuracy: {E(metric)}</h1>\n");
        html.Append("<p>Minutes are training time: the trainer's clock stops while it validates and writes checkpoints. ");
        html.Append("A threshold's minute is that of the first evaluation at or above it, so it is known to one evaluation interval.");
        if (runs.Any(r => r.IncludesEvaluationTime))
            html.Append(c, $" Older logs ({E(string.Join(", ", runs.Where(r => r.IncludesEvaluationTime).Select(r => r.Name)))}) count validation time as training time and derive examples from steps.");
        html.Append("</p>\n");
        html.Append(Tables.HtmlTable.Render(table, 1, name => name.EndsWith(" value", StringComparison.Ordinal)));
        foreach (var f in figures)
            html.Append(c, $"<figure><img src=\"{Uri.EscapeDataString(f.FileName)}\" width=\"{f.Width}\" height=\"{f.Height}\" alt=\"{E(f.Title)}\"><figcaption>{E(f.Caption)}</figcaption></figure>\n");
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
