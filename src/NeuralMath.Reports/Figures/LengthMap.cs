using System.Globalization;
using NeuralMath.Evaluation;
using NeuralMath.Problems;
using ScottPlot;

namespace NeuralMath.Reports.Figures;

/// <summary>
/// The length-generalization grid of a two-operand problem: top-1 accuracy for every pair of operand lengths (digits of
/// a across, digits of b up), each cell labelled, the trained lengths outlined. The companion of <see cref="OperandMap"/>:
/// that map asks which values generalise, this one which lengths.
/// </summary>
public static class LengthMap
{
    /// <summary>
    /// Draws the <see cref="LengthGrid.Group"/> group of <paramref name="report"/> into <c>&lt;problem&gt;-lengths.png</c>;
    /// <paramref name="trainedLength"/> is the longest operand the model trained on (the outlined square). A cell without
    /// inputs (the model has too few positions for it) is left grey.
    /// </summary>
    public static ReportFigure Draw(MathProblem problem, EvaluationReport report, int trainedLength, int numberBase, string folder)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(report);
        var cells = new Dictionary<(int A, int B), GroupMetrics>();
        if (report.Groups.TryGetValue(LengthGrid.Group, out var buckets))
            foreach (var (bucket, metrics) in buckets)
                if (LengthGrid.TryParseBucket(bucket, out int a, out int b)) cells[(a, b)] = metrics;
        int longest = cells.Count == 0 ? 1 : cells.Keys.Max(c => Math.Max(c.A, c.B));
        var values = new double[longest, longest];
        for (int a = 1; a <= longest; a++)
            for (int b = 1; b <= longest; b++)
                // Row 0 is drawn at the top: put b = 1 at the bottom.
                values[longest - b, a - 1] = cells.TryGetValue((a, b), out var m) ? 100 * m.Top1Accuracy : double.NaN;

        using var plot = new Plot();
        if (cells.Count > 0)
        {
            var heatmap = plot.Add.Heatmap(values);
            heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
            heatmap.ManualRange = new ScottPlot.Range(0, 100);
            heatmap.NaNCellColor = Colors.LightGray;
            heatmap.Rectangle = new CoordinateRect(0.5, longest + 0.5, 0.5, longest + 0.5);
            var colorBar = plot.Add.ColorBar(heatmap);
            colorBar.Label = "top-1 accuracy (%)";
        }
        foreach (var ((a, b), m) in cells)
        {
            var label = plot.Add.Text((100 * m.Top1Accuracy).ToString("F0", CultureInfo.InvariantCulture), a, b);
            label.LabelFontSize = longest > 12 ? 9 : 12;
            label.LabelAlignment = Alignment.MiddleCenter;
            label.LabelFontColor = m.Top1Accuracy > 0.6 ? Colors.Black : Colors.White;
        }
        var box = plot.Add.Rectangle(0.5, trainedLength + 0.5, 0.5, trainedLength + 0.5);
        box.FillStyle.Color = Colors.Transparent;
        box.LineStyle.Color = Colors.Red;
        box.LineStyle.Width = 2;
        box.LineStyle.Pattern = LinePattern.Dashed;
        var ticks = Enumerable.Range(1, longest).Select(i => (double)i).ToArray();
        var tickLabels = ticks.Select(t => t.ToString(CultureInfo.InvariantCulture)).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, tickLabels);
        plot.Axes.Left.SetTicks(ticks, tickLabels);
        plot.Axes.SetLimits(0.5, longest + 0.5, 0.5, longest + 0.5);
        int count = cells.Values.Sum(c => c.Count);
        plot.Title($"{problem.Name} by operand length, {report.Beams} beam(s): top-1 {100 * report.Top1Accuracy:F1}% of {count} inputs");
        plot.XLabel($"digits of a (base {numberBase})");
        plot.YLabel($"digits of b (base {numberBase})");
        string caption = $"Top-1 accuracy for operands of every pair of lengths from 1 to {longest} digits in base {numberBase} " +
            $"(about {(cells.Count == 0 ? 0 : count / cells.Count)} random pairs per cell, the same on every run). The dashed square holds the lengths " +
            $"the training range reaches (up to {trainedLength} digits); everything outside it is length generalization. Grey: no inputs (the model has too few positions).";
        int size = Math.Clamp(60 * longest + 200, 600, 1100);
        return PlotFiles.Save(plot, folder, $"{problem.Name}-lengths.png", $"{problem.Name} length-generalization grid", caption, size + 100, size);
    }
}
