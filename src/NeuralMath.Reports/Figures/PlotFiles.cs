using ScottPlot;

namespace NeuralMath.Reports.Figures;

/// <summary>Shared plot setup: the font and how figures are saved.</summary>
public static class PlotFiles
{
    /// <summary>The sans-serif font every figure uses.</summary>
    public const string FontName = "DejaVu Sans";

    /// <summary>
    /// Picks the font. SkiaSharp's NoDependencies native library cannot ask fontconfig for "sans", so ScottPlot
    /// would default to DejaVu Serif, and with no font files at all it draws no text and raises no error.
    /// </summary>
    public static void UseReportFont()
    {
        if (!string.IsNullOrEmpty(Fonts.Default)) Fonts.Default = FontName;
    }

    /// <summary>Saves a plot as PNG in the report folder and describes it.</summary>
    public static ReportFigure Save(Plot plot, string folder, string fileName, string title, string caption, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(plot);
        plot.SavePng(Path.Combine(folder, fileName), width, height);
        return new ReportFigure(fileName, title, caption, width, height);
    }
}
