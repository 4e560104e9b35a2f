using System.Text.Json.Nodes;
using ScottPlot;

namespace NeuralMath.Reports.Figures;

/// <summary>Training curves from a run folder's <c>metrics.jsonl</c>: losses, learning rate, validation top-1 and resident memory against step.</summary>
public static class TrainingCurves
{
    /// <summary>The figures, or none when the log is empty.</summary>
    public static IReadOnlyList<ReportFigure> Draw(string metricsPath, string folder)
    {
        var rows = File.ReadLines(metricsPath).Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        if (rows.Length == 0) return [];
        var steps = rows.Select(r => Value(r, "step")).ToArray();
        var figures = new List<ReportFigure>();
        figures.Add(Lines(folder, "training-loss.png", "Loss", "cross-entropy loss", steps,
            [("training loss", rows.Select(r => Value(r, "trainLoss")).ToArray()), ("validation loss", rows.Select(r => Value(r, "validationLoss")).ToArray())],
            "Training loss (mean since the previous evaluation) and validation loss at each evaluation."));
        figures.Add(Lines(folder, "learning-rate.png", "Learning rate", "learning rate", steps,
            [("learning rate", rows.Select(r => Value(r, "learningRate")).ToArray())],
            "The learning-rate schedule as logged at each evaluation."));
        var trainTop1 = rows.Select(r => 100 * Value(r, "trainTop1")).ToArray();
        bool withTrain = trainTop1.Any(double.IsFinite); // training.trainSamples was set
        figures.Add(Lines(folder, "validation-accuracy.png", "Validation accuracy", "top-1 accuracy (%)", steps,
            withTrain
                ? [("validation top-1", rows.Select(r => 100 * Value(r, "validationTop1")).ToArray()), ("training-set top-1", trainTop1)]
                : [("validation top-1", rows.Select(r => 100 * Value(r, "validationTop1")).ToArray())],
            "Top-1 accuracy on the validation sample at each evaluation (the best one chose model.nmm)" +
            (withTrain ? "; and on a fixed sample of training inputs: a gap that closes late is grokking." : ".")));
        // A multitask run logs each task's validation top-1 too: which task is learnt when.
        var tasks = rows.SelectMany(r => r["validationTop1ByTask"] as JsonObject ?? []).Select(t => t.Key).Distinct().ToArray();
        if (tasks.Length > 0)
            figures.Add(Lines(folder, "validation-accuracy-by-task.png", "Validation accuracy by task", "top-1 accuracy (%)", steps,
                [.. tasks.Select(t => (t, rows.Select(r => 100 * (r["validationTop1ByTask"] is JsonObject byTask ? Value(byTask, t) : double.NaN)).ToArray()))],
                "Top-1 accuracy of each task's inputs in the validation sample at each evaluation (model selection uses them pooled)."));
        var resident = rows.Select(r => Value(r, "residentMegabytes")).ToArray();
        if (resident.Any(double.IsFinite))
            figures.Add(Lines(folder, "resident-memory.png", "Resident memory", "resident set (MiB)", steps,
                [("resident set", resident)],
                "The training process's resident set at each evaluation: flat means no native (tensor) memory is leaking.", fromZero: true));
        return figures;
    }

    private static ReportFigure Lines(string folder, string file, string title, string yLabel, double[] steps, (string Name, double[] Ys)[] series, string caption,
        bool fromZero = false)
    {
        using var plot = new Plot();
        foreach (var (name, ys) in series)
        {
            var scatter = plot.Add.Scatter(steps, ys);
            if (series.Length > 1) scatter.LegendText = name; // one series: the axis label says it
            scatter.MarkerSize = steps.Length > 60 ? 0 : 5;
        }
        plot.Title(title + " vs step");
        plot.XLabel("step");
        plot.YLabel(yLabel);
        if (series.Length > 1) plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.Margins(bottom: 0); // losses, rates and accuracies start at 0
        // A memory axis cut at its minimum makes a few MiB of noise look like growth.
        if (fromZero) plot.Axes.SetLimitsY(0, 1.1 * series.SelectMany(s => s.Ys).Where(double.IsFinite).DefaultIfEmpty(1).Max());
        return PlotFiles.Save(plot, folder, file, title, caption, 700, 420);
    }

    // Missing or null fields (an old log) become NaN: ScottPlot leaves a gap.
    private static double Value(JsonObject row, string name) => row[name] is JsonValue v && v.TryGetValue(out double d) ? d : double.NaN;
}
