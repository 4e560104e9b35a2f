using System.Globalization;
using System.Net;
using System.Text;
using NeuralMath.Artifacts;
using NeuralMath.Evaluation;

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
        html.Append(c, $"<p>{E(artifact.Problem.Name)} in [0, {p.Max}], base {artifact.Tokenizer.Base}, {m.EncoderLayers}+{m.DecoderLayers} layers, d {m.ModelDim}, {m.Heads} heads, {artifact.Model.ParameterCount:N0} parameters; ");
        html.Append(c, $"trained {E(artifact.Metadata["step"]?.ToString() ?? "?")} steps.</p>\n");

        html.Append("<h2>Metrics</h2>\n<table><tr><th>split</th><th>inputs</th><th>beams</th><th>top-1</th><th>any-of-k</th><th>verified</th><th>malformed</th></tr>\n");
        foreach (var r in reports)
            html.Append(c, $"<tr><td>{E(r.Split)}</td><td>{r.Count}</td><td>{r.Beams}</td><td>{r.Top1Accuracy:P2}</td><td>{r.AnyOfKAccuracy:P2}</td><td>{r.VerifiedAccuracy:P2}</td><td>{r.MalformedRate:P2}</td></tr>\n");
        html.Append("</table>\n<p>Splits larger than the report's limit are sampled with a fixed stride");
        html.Append(reports.Any(r => r.Split.StartsWith("map:", StringComparison.Ordinal)) ? "; the map row is the addition grid below.</p>\n" : ".</p>\n");
        foreach (var r in reports)
            foreach (var (group, buckets) in r.Groups)
            {
                html.Append(c, $"<h3>{E(r.Split)} by {E(group)}</h3>\n<table><tr><th>{E(group)}</th><th>inputs</th><th>top-1</th><th>any-of-{r.Beams}</th><th>correct value</th></tr>\n");
                foreach (var (bucket, g) in BucketOrder.Sort(buckets))
                    html.Append(c, $"<tr><td>{E(bucket)}</td><td>{g.Count}</td><td>{g.Top1Accuracy:P1}</td><td>{g.AnyOfKAccuracy:P1}</td><td>{g.CorrectProduct:P1}</td></tr>\n");
                html.Append("</table>\n");
            }

        html.Append("<h2>Figures</h2>\n");
        foreach (var f in figures)
            html.Append(c, $"<figure><h3>{E(f.Title)}</h3><img src=\"{Uri.EscapeDataString(f.FileName)}\" width=\"{f.Width}\" height=\"{f.Height}\" alt=\"{E(f.Title)}\"><figcaption>{E(f.Caption)}</figcaption></figure>\n");
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
