using NeuralMath.Evaluation;
using NeuralMath.Problems;
using ScottPlot;

namespace NeuralMath.Reports.Figures;

/// <summary>
/// The generalisation map of a two-operand problem: every (a, b) on a strided grid, coloured by the first correct
/// beam, red where no beam is right, with the training square outlined (the reference's addition plot).
/// </summary>
public static class OperandMap
{
    /// <summary>The grid: operands from the square's low to its high every <c>stride</c>, with at most <paramref name="maxPoints"/> pairs.</summary>
    public static (long[][] Inputs, int Stride) Grid(OperandSquare square, int maxPoints)
    {
        ArgumentNullException.ThrowIfNull(square);
        ArgumentOutOfRangeException.ThrowIfLessThan(square.High, square.Low);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 1);
        long span = square.High - square.Low;
        int stride = 1;
        while (Cells(span, stride) > maxPoints) stride++;
        long cells = span / stride + 1;
        var inputs = new long[cells * cells][];
        for (long i = 0; i < cells; i++)
            for (long j = 0; j < cells; j++) inputs[i * cells + j] = [square.Low + i * stride, square.Low + j * stride];
        return (inputs, stride);
    }

    /// <summary>Draws the predictions of <see cref="Grid"/> (same order) into <c>&lt;problem&gt;-map.png</c>.</summary>
    public static ReportFigure Draw(MathProblem problem, IReadOnlyList<Prediction> predictions, OperandSquare square, int stride, int beams, string folder)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(square);
        int cells = (int)((square.High - square.Low) / stride + 1);
        var values = new double[cells, cells];
        for (int i = 0; i < cells; i++)
            for (int j = 0; j < cells; j++)
            {
                int first = predictions[i * cells + j].VerifiedBeam;
                // Row 0 is drawn at the top: put the smallest b at the bottom.
                values[cells - 1 - j, i] = first < 0 ? double.NaN : first;
            }
        using var plot = new Plot();
        double half = stride / 2.0, low = square.Low - half, high = square.Low + cells * stride - half;
        if (predictions.Any(p => p.VerifiedBeam >= 0))
        {
            var heatmap = plot.Add.Heatmap(values);
            heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
            heatmap.ManualRange = new ScottPlot.Range(0, Math.Max(1, beams - 1));
            heatmap.NaNCellColor = Colors.Red;
            heatmap.Rectangle = new CoordinateRect(low, high, low, high);
            var colorBar = plot.Add.ColorBar(heatmap);
            colorBar.Label = "first correct beam (red: none)";
            // Beam indices are whole numbers: one tick per beam, not ScottPlot's fractional defaults.
            var ticks = Enumerable.Range(0, Math.Max(2, beams)).Select(b => (double)b).ToArray();
            colorBar.Axis.SetTicks(ticks, ticks.Select(t => t.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        }
        else
        {
            // ScottPlot cannot scale a heatmap whose cells are all NaN (an untrained model): every pair is wrong, all red.
            var wrongEverywhere = plot.Add.Rectangle(low, high, low, high);
            wrongEverywhere.FillStyle.Color = Colors.Red;
            wrongEverywhere.LineStyle.Width = 0;
        }
        var box = plot.Add.Rectangle(low, square.TrainHigh + half, low, square.TrainHigh + half);
        box.FillStyle.Color = Colors.Transparent;
        box.LineStyle.Color = Colors.White;
        box.LineStyle.Width = 2;
        box.LineStyle.Pattern = LinePattern.Dashed;
        int wrong = predictions.Count(p => p.VerifiedBeam < 0);
        string example = problem.FormatInput([square.Low, square.Low]);
        plot.Title($"{problem.Name}, {beams} beam(s): {wrong} of {predictions.Count} pairs wrong (red)");
        plot.XLabel("a");
        plot.YLabel("b");
        plot.Axes.SetLimits(low, high, low, high);
        string caption = $"All pairs {square.Low} ≤ a, b ≤ {square.High}" + (stride > 1 ? $" every {stride}" : "") +
            $" (inputs written like {example}). Colour: index of the first correct beam (0 = the top beam); red: no beam is right. " +
            $"The dashed square is the training range [{square.Low}, {square.TrainHigh}].";
        return PlotFiles.Save(plot, folder, $"{problem.Name}-map.png", $"{problem.Name} generalisation map", caption, 900, 800);
    }

    private static long Cells(long span, int stride) => (span / stride + 1) * (span / stride + 1);
}
