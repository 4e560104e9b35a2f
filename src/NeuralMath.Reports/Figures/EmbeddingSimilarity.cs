using NeuralMath.Model;
using NeuralMath.Tokenization;
using ScottPlot;
using static TorchSharp.torch;

namespace NeuralMath.Reports.Figures;

/// <summary>Cosine similarity between the (source) embeddings of the digit tokens, as in the reference.</summary>
public static class EmbeddingSimilarity
{
    /// <summary>
    /// The digit × digit cosine similarity matrix with its diagonal (always 1) clipped to the largest
    /// off-diagonal value, so the colour scale shows the structure rather than the trivial self-similarity.
    /// </summary>
    public static double[,] Matrix(Seq2SeqModel model, Vocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        int n = vocabulary.Base;
        double[] flat;
        using (no_grad())
        using (NewDisposeScope())
        {
            // The source table; with shared embeddings it is also the target table.
            var table = model.named_parameters().First(p => p.name == "src_embed.weight").parameter;
            var digits = table.narrow(0, vocabulary.FirstDigitId, n).to(ScalarType.Float64).cpu();
            var unit = nn.functional.normalize(digits, p: 2, dim: 1);
            flat = unit.matmul(unit.t()).data<double>().ToArray();
        }
        var result = new double[n, n];
        double offMax = double.NegativeInfinity;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                result[i, j] = flat[i * n + j];
                if (i != j) offMax = Math.Max(offMax, result[i, j]);
            }
        if (n > 1) for (int i = 0; i < n; i++) result[i, i] = offMax;
        return result;
    }

    /// <summary>Draws the matrix with digit labels on both axes.</summary>
    public static ReportFigure Draw(double[,] similarity, Vocabulary vocabulary, string folder)
    {
        ArgumentNullException.ThrowIfNull(similarity);
        ArgumentNullException.ThrowIfNull(vocabulary);
        int n = similarity.GetLength(0);
        using var plot = new Plot();
        var heatmap = plot.Add.Heatmap(similarity);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        // Heatmap row 0 is drawn at the top; cell centres sit on integers 0..n−1.
        heatmap.Rectangle = new CoordinateRect(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.Add.ColorBar(heatmap).Label = "cosine similarity";
        var labels = Enumerable.Range(0, n).Select(d => vocabulary.SymbolOf(vocabulary.IdOfDigit(d))).ToArray();
        var positions = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(positions, labels);
        plot.Axes.Left.SetTicks(positions.Reverse().ToArray(), labels);
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.Title("Cosine similarity of digit embeddings");
        plot.XLabel("digit");
        plot.YLabel("digit");
        int size = Math.Clamp(300 + 22 * n, 500, 1000);
        return PlotFiles.Save(plot, folder, "embedding-similarity.png", "Digit embedding similarity",
            "Cosine similarity between the embeddings of the digit tokens. The diagonal (always 1) is clipped to the largest off-diagonal value so the colours show how the model arranges the digits.",
            size + 120, size);
    }
}
