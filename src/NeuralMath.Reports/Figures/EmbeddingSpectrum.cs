using NeuralMath.Model;
using NeuralMath.Tokenization;
using ScottPlot;
using static TorchSharp.torch;

namespace NeuralMath.Reports.Figures;

/// <summary>
/// The Fourier spectrum of the digit embeddings along the digit axis: for each frequency k = 1..⌊b/2⌋ (b the base), the
/// power of the embedding table's component cos/sin(2πkd/b), summed over embedding dimensions, as a share of all
/// non-constant power. A model that computes modulo p in base p (one token per residue) and has generalised
/// ("grokked") puts most of its power on a few frequencies (Nanda et al. 2023); a memorising one spreads it.
/// </summary>
public static class EmbeddingSpectrum
{
    /// <summary>Share of the non-constant power at each frequency 1..⌊b/2⌋ (index 0 is frequency 1); sums to 1.</summary>
    public static double[] Shares(Seq2SeqModel model, Vocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        int n = vocabulary.Base;
        double[] table;
        long dims;
        using (no_grad())
        using (NewDisposeScope())
        {
            var weights = model.named_parameters().First(p => p.name == "src_embed.weight").parameter;
            var digits = weights.narrow(0, vocabulary.FirstDigitId, n).to(ScalarType.Float64).cpu();
            dims = digits.shape[1];
            table = digits.data<double>().ToArray();
        }
        return Shares(table, n, (int)dims);
    }

    /// <summary>The same from a row-major [digits × dims] table (exposed for tests with known spectra).</summary>
    public static double[] Shares(double[] table, int digits, int dims)
    {
        ArgumentNullException.ThrowIfNull(table);
        var power = new double[digits / 2];
        for (int k = 1; k <= power.Length; k++)
        {
            for (int j = 0; j < dims; j++)
            {
                double re = 0, im = 0;
                for (int d = 0; d < digits; d++)
                {
                    double angle = 2 * Math.PI * k * d / digits;
                    re += table[d * dims + j] * Math.Cos(angle);
                    im -= table[d * dims + j] * Math.Sin(angle);
                }
                power[k - 1] += re * re + im * im;
            }
        }
        double total = power.Sum();
        return total > 0 ? power.Select(p => p / total).ToArray() : power;
    }

    /// <summary>Draws the shares as bars, titled with how many frequencies hold half of the power.</summary>
    public static ReportFigure Draw(double[] shares, int numberBase, string folder)
    {
        ArgumentNullException.ThrowIfNull(shares);
        using var plot = new Plot();
        var bars = plot.Add.Bars(Enumerable.Range(1, shares.Length).Select(k => (double)k).ToArray(), shares.Select(s => 100 * s).ToArray());
        bars.Color = Colors.SteelBlue;
        int half = FrequenciesForHalf(shares);
        plot.Title($"Digit embeddings: Fourier spectrum (half the power in {half} of {shares.Length} frequencies)");
        plot.XLabel($"frequency k (period {numberBase}/k digits)");
        plot.YLabel("share of power (%)");
        plot.Axes.Margins(bottom: 0);
        return PlotFiles.Save(plot, folder, "embedding-spectrum.png", "Digit embedding spectrum",
            $"Power of the digit embeddings at each frequency along the digit axis (period {numberBase}), summed over embedding dimensions. " +
            "For modular arithmetic in base p, a generalising model concentrates its power on a few frequencies; a memorising one spreads it.",
            760, 420);
    }

    /// <summary>The fewest frequencies whose shares add up to at least one half.</summary>
    public static int FrequenciesForHalf(IReadOnlyList<double> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        double sum = 0;
        int count = 0;
        foreach (var s in shares.OrderDescending())
        {
            if (sum >= 0.5) break;
            sum += s;
            count++;
        }
        return count;
    }
}
