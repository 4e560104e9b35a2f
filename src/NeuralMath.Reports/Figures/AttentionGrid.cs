using ScottPlot;

namespace NeuralMath.Reports.Figures;

/// <summary>One kind of attention (encoder, decoder or cross) for one input: a grid of heatmaps, a row per layer and a column per head.</summary>
public static class AttentionGrid
{
    /// <summary>Draws maps indexed [layer][head][query][key]; rows are labelled by query tokens, columns by key tokens.</summary>
    public static ReportFigure Draw(float[][][][] maps, string[] queryTokens, string[] keyTokens, string kind, string input, string fileName, string folder)
    {
        ArgumentNullException.ThrowIfNull(maps);
        ArgumentNullException.ThrowIfNull(queryTokens);
        ArgumentNullException.ThrowIfNull(keyTokens);
        int layers = maps.Length, heads = maps[0].Length, rows = queryTokens.Length, cols = keyTokens.Length;
        const double gap = 1.5;
        double cellW = cols + gap, cellH = rows + gap;
        using var plot = new Plot();
        ScottPlot.Plottables.Heatmap? last = null;
        var xTicks = new List<(double, string)>();
        var yTicks = new List<(double, string)>();
        for (int layer = 0; layer < layers; layer++)
        {
            // Layer 0 in the top row.
            double top = (layers - layer) * cellH - gap;
            for (int head = 0; head < heads; head++)
            {
                var w = maps[layer][head];
                var values = new double[rows, cols];
                for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) values[r, c] = w[r][c];
                double left = head * cellW;
                var heatmap = plot.Add.Heatmap(values);
                heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
                heatmap.ManualRange = new ScottPlot.Range(0, 1);
                heatmap.Rectangle = new CoordinateRect(left, left + cols, top - rows, top);
                last = heatmap;
                var label = plot.Add.Text($"layer {layer + 1} · head {head + 1}", left, top + 0.1);
                label.LabelFontSize = 11;
                label.LabelAlignment = Alignment.LowerLeft;
                if (layer == layers - 1) for (int c = 0; c < cols; c++) xTicks.Add((left + c + 0.5, keyTokens[c]));
            }
            for (int r = 0; r < rows; r++) yTicks.Add((top - r - 0.5, queryTokens[r]));
        }
        plot.Axes.Bottom.SetTicks(xTicks.Select(t => t.Item1).ToArray(), xTicks.Select(t => t.Item2).ToArray());
        plot.Axes.Left.SetTicks(yTicks.Select(t => t.Item1).ToArray(), yTicks.Select(t => t.Item2).ToArray());
        plot.Axes.Bottom.TickLabelStyle.FontSize = 10;
        plot.Axes.Left.TickLabelStyle.FontSize = 10;
        plot.Grid.IsVisible = false;
        // No colorbar label: on tall grids ScottPlot measures the tick labels on a guessed height and the label overlaps them.
        plot.Add.ColorBar(last!);
        plot.Axes.SetLimits(-0.5, heads * cellW - gap + 0.5, -0.5, layers * cellH);
        string what = kind switch
        {
            "encoder" => "Encoder self-attention",
            "decoder" => "Decoder self-attention",
            _ => "Encoder-decoder attention",
        };
        plot.Title($"{what} for {input}; colour: weight 0 to 1");
        plot.XLabel(kind == "decoder" ? "attended decoder input token (key)" : "attended source token (key)");
        plot.YLabel(kind == "encoder" ? "source token (query)" : "decoder input token (query)");
        int width = Math.Clamp(160 + heads * (cols * 34 + 40), 600, 2400);
        int height = Math.Clamp(140 + layers * (rows * 34 + 50), 400, 2400);
        string caption = $"{what} of every layer (rows, first at the top) and head (columns) for the input {input}, decoded greedily and fed back teacher-forced. Colour: attention weight, 0 to 1; each row of a map is one query and sums to 1.";
        return PlotFiles.Save(plot, folder, fileName, what, caption, width, height);
    }
}
