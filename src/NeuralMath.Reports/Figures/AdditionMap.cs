using NeuralMath.Evaluation;
using ScottPlot;

namespace NeuralMath.Reports.Figures;

/// <summary>
/// The addition generalisation map: every (a, b) on a strided grid, coloured by the first correct beam, red
/// where no beam is right, with the training square outlined (the reference's plot).
/// </summary>
public static class AdditionMap
{
    /// <summary>The grid: operands 0..<paramref name="limit"/> every <c>stride</c>, with at most <paramref name="maxPoints"/> pairs.</summary>
    public static (long[][] Inputs, int Stride) Grid(long limit, int maxPoints)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 1);
        int stride = 1;
        while (Cells(limit, stride) > maxPoints) stride++;
        long cells = limit / stride + 1;
        var inputs = new long[cells * cells][];
        for (long i = 0; i < cells; i++)
            for (long j = 0; j < cells; j++) inputs[i * cells + j] = [i * stride, j * stride];
        return (inputs, stride);
    }

    /// <summary>Draws the predictions of <see cref="Grid"/> (same order).</summary>
    public static ReportFigure Draw(IReadOnlyList<Prediction> predictions, long limit, int stride, long trainMax, int beams, string folder)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        int cells = (int)(limit / stride + 1);
        var values = new double[cells, cells];
        for (int i = 0; i < cells; i++)
            for (int j = 0; j < cells; j++)
            {
                int first = predictions[i * cells + j].VerifiedBeam;
                // Row 0 is drawn at the top: put b = 0 at the bottom.
                values[cells - 1 - j, i] = first < 0 ? double.NaN : first;
            }
        using var plot = new Plot();
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, Math.Max(1, beams - 1));
        heatmap.NaNCellColor = Colors.Red;
        double half = stride / 2.0;
        heatmap.Rectangle = new CoordinateRect(-half, cells * stride - half, -half, cells * stride - half);
        var colorBar = plot.Add.ColorBar(heatmap);
        colorBar.Label = "first correct beam (red: none)";
        // Beam indices are whole numbers: one tick per beam, not ScottPlot's fractional defaults.
        var ticks = Enumerable.Range(0, Math.Max(2, beams)).Select(b => (double)b).ToArray();
        colorBar.Axis.SetTicks(ticks, ticks.Select(t => t.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        var box = plot.Add.Rectangle(-half, trainMax + half, -half, trainMax + half);
        box.FillStyle.Color = Colors.Transparent;
        box.LineStyle.Color = Colors.White;
        box.LineStyle.Width = 2;
        box.LineStyle.Pattern = LinePattern.Dashed;
        int wrong = predictions.Count(p => p.VerifiedBeam < 0);
        plot.Title($"Addition a + b, {beams} beam(s): {wrong} of {predictions.Count} pairs wrong (red)");
        plot.XLabel("a");
        plot.YLabel("b");
        plot.Axes.SetLimits(-half, cells * stride - half, -half, cells * stride - half);
        string caption = $"All pairs 0 ≤ a, b ≤ {limit}" + (stride > 1 ? $" every {stride}" : "") +
            $". Colour: index of the first correct beam (0 = the top beam); red: no beam is right. The dashed square is the training range [0, {trainMax}].";
        return PlotFiles.Save(plot, folder, "addition-map.png", "Addition generalisation map", caption, 900, 800);
    }

    private static long Cells(long limit, int stride) => (limit / stride + 1) * (limit / stride + 1);
}
