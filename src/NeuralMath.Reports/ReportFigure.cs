namespace NeuralMath.Reports;

/// <summary>One written figure.</summary>
/// <param name="FileName">PNG file name, relative to the report folder.</param>
/// <param name="Title">Heading shown above it.</param>
/// <param name="Caption">What it shows and how to read it.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public sealed record ReportFigure(string FileName, string Title, string Caption, int Width, int Height)
{
    /// <summary>The section the page shows it in: a multitask model's task name; null for the model as a whole.</summary>
    public string? Section { get; init; }
}
