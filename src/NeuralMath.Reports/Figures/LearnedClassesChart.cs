using System.Globalization;
using NeuralMath.Evaluation;
using NeuralMath.Problems;
using ScottPlot;

namespace NeuralMath.Reports.Figures;

/// <summary>
/// Top-1 accuracy for each answer class of a class-stratified evaluation (gcd 1 to 100, as in Charton's figures), the
/// learned classes (<see cref="LearnedClasses"/>) in green and the others in grey, the count in the title.
/// </summary>
public static class LearnedClassesChart
{
    /// <summary>Draws one chart per class group of <paramref name="problem"/> found in <paramref name="stratified"/>.</summary>
    public static IEnumerable<ReportFigure> Draw(MathProblem problem, EvaluationReport stratified, string folder)
    {
        ArgumentNullException.ThrowIfNull(stratified);
        foreach (var (group, judged, learned) in LearnedClasses.Of(stratified, problem))
        {
            if (judged.Count == 0) continue;
            var learnedSet = learned.ToHashSet();
            var buckets = stratified.Groups[group];
            using var plot = new Plot();
            var bars = judged.Select(c => new Bar
            {
                Position = c,
                Value = 100 * buckets[c.ToString(CultureInfo.InvariantCulture)].Top1Accuracy,
                Size = 0.8,
                FillColor = learnedSet.Contains(c) ? Colors.SeaGreen : Colors.Gray,
            }).ToList();
            plot.Add.Bars(bars);
            var line = plot.Add.HorizontalLine(100 * LearnedClasses.Threshold);
            line.LineColor = Colors.Black.WithAlpha(0.5);
            line.LinePattern = LinePattern.Dashed;
            string title = string.Create(CultureInfo.InvariantCulture, $"{problem.Name}: {learned.Count} of {judged.Count} {group} classes learned");
            plot.Title(title);
            plot.XLabel($"true {group} (class-stratified test inputs)");
            plot.YLabel("top-1 accuracy (%)");
            plot.Axes.SetLimitsY(0, 105);
            plot.Axes.SetLimitsX(judged[0] - 1, judged[^1] + 1);
            string caption = string.Create(CultureInfo.InvariantCulture,
                $"Green: learned (top-1 ≥ {100 * LearnedClasses.Threshold:0}% of at least {LearnedClasses.MinimumInputs} inputs): {string.Join(", ", learned)}.");
            yield return PlotFiles.Save(plot, folder, $"learned-{group}.png", title, caption, 1000, 420);
        }
    }
}
