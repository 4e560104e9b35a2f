using System.Globalization;
using System.Net;
using System.Text;
using NeuralMath.Artifacts;
using NeuralMath.Evaluation;
using NeuralMath.Reports.Tables;

namespace NeuralMath.Reports;

/// <summary>The report page: inline CSS, metrics tables, and figures linked relatively, so the folder opens offline anywhere.</summary>
internal static class HtmlPage
{
    private const string Style = """
        body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 1200px; color: #222; }
        h1 { font-size: 1.6em; } h2 { margin-top: 1.8em; border-bottom: 1px solid #ccc; }
        table { border-collapse: collapse; margin: 0.6em 0 1.2em; font-size: 0.9em; }
        th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }
        th:first-child, td:first-child { text-align: left; }
        th { background: #f2f2f2; }
        figure { margin: 1.2em 0; } figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
        figcaption { color: #555; font-size: 0.9em; max-width: 900px; }
        """;

    public static string Render(ModelArtifact artifact, string modelName, IReadOnlyList<EvaluationReport> reports, IReadOnlyList<ReportFigure> figures)
    {
        var c = CultureInfo.InvariantCulture;
        var p = artifact.Config.Problem;
        var m = artifact.Config.Model;
        var html = new StringBuilder();
        html.Append(c, $"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>NeuralMath report: {E(modelName)}</title>\n<style>{Style}</style></head><body>\n");
        html.Append(c, $"<h1>NeuralMath report: {E(modelName)}</h1>\n");
        html.Append(c, $"<p>{E(artifact.Problem.Name)}, {E(artifact.Problem.DescribeRange(p.Max))}, base {artifact.Tokenizer.Base}, {m.EncoderLayers}+{m.DecoderLayers} layers, d {m.ModelDim}, {m.Heads} heads, {artifact.Model.ParameterCount:N0} parameters; ");
        html.Append(c, $"trained {E(artifact.Metadata["step"]?.ToString() ?? "?")} steps.</p>\n");

        html.Append("<h2>Metrics</h2>\n");
        html.Append(HtmlTable.Render(MetricsTables.Summary(reports), 2));
        html.Append("<p>Splits larger than the report's limit are sampled with a fixed stride");
        html.Append(reports.Any(r => r.Split.StartsWith("map:", StringComparison.Ordinal)) ? "; the map row is the operand grid below." : ".");
        html.Append(" Every table is also in <code>tables/</code> as CSV (fractions, not percentages).</p>\n");
        foreach (var (split, group, table) in MetricsTables.Breakdowns(reports))
        {
            html.Append(c, $"<h3>{E(split)} by {E(group)}</h3>\n");
            html.Append(HtmlTable.Render(table, 1));
        }

        // A multitask model's tasks each get a section of their own figures, then come the model's figures.
        foreach (var section in figures.Select(f => f.Section).OfType<string>().Distinct())
        {
            html.Append(c, $"<h2>Task: {E(section)}</h2>\n");
            foreach (var f in figures.Where(f => f.Section == section)) Figure(html, f);
        }
        html.Append("<h2>Figures</h2>\n");
        foreach (var f in figures.Where(f => f.Section is null)) Figure(html, f);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Figure(StringBuilder html, ReportFigure f) =>
        html.Append(CultureInfo.InvariantCulture, $"<figure><h3>{E(f.Title)}</h3><img src=\"{Uri.EscapeDataString(f.FileName)}\" width=\"{f.Width}\" height=\"{f.Height}\" alt=\"{E(f.Title)}\"><figcaption>{E(f.Caption)}</figcaption></figure>\n");

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
