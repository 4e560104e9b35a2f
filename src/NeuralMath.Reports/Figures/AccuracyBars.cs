using System.Globalization;
using NeuralMath.Evaluation;
using ScottPlot;

namespace NeuralMath.Reports.Figures;

/// <summary>Grouped bar chart: top-1, any-of-k and verified accuracy per bucket, side by side.</summary>
public static class AccuracyBars
{
    /// <summary>
    /// Draws one chart. Verified accuracy per bucket is any-of-k: both checks here are exact, so the first
    /// verified beam is right exactly when some beam is (see <see cref="EvaluationReport.VerifiedAccuracy"/>).
    /// </summary>
    public static ReportFigure Draw(IReadOnlyList<(string Bucket, GroupMetrics Metrics)> buckets, int beams, string xLabel, string title, string caption, string fileName, string folder)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        using var plot = new Plot();
        var series = new (string Name, Func<GroupMetrics, double> Value, Color Color)[]
        {
            ("top-1", m => m.Top1Accuracy, Colors.SteelBlue),
            ($"any-of-{beams}", m => m.AnyOfKAccuracy, Colors.DarkOrange),
            ("verified", m => m.AnyOfKAccuracy, Colors.SeaGreen),
        };
        const double width = 0.27;
        for (int s = 0; s < series.Length; s++)
        {
            var bars = buckets.Select((b, i) => new Bar
            {
                Position = i + (s - 1) * width,
                Value = 100 * series[s].Value(b.Metrics),
                Size = width * 0.95,
                FillColor = series[s].Color,
                Label = (100 * series[s].Value(b.Metrics)).ToString("F0", CultureInfo.InvariantCulture),
            }).ToList();
            var barPlot = plot.Add.Bars(bars);
            barPlot.LegendText = series[s].Name;
            barPlot.ValueLabelStyle.FontSize = 10;
        }
        plot.Axes.Bottom.SetTicks(
            buckets.Select((_, i) => (double)i).ToArray(),
            buckets.Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.Bucket}\nn={b.Metrics.Count}")).ToArray());
        plot.Axes.SetLimitsY(0, 125); // room above the 100 % labels for the legend
        double[] percents = [0, 20, 40, 60, 80, 100];
        plot.Axes.Left.SetTicks(percents, percents.Select(p => p.ToString("0", CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.SetLimitsX(-0.6, buckets.Count - 0.4);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel("accuracy (%)");
        plot.ShowLegend(Alignment.UpperCenter);
        plot.Legend.Orientation = Orientation.Horizontal;
        int widthPx = Math.Max(700, 90 * buckets.Count + 200);
        return PlotFiles.Save(plot, folder, fileName, title, caption, widthPx, 500);
    }
}
