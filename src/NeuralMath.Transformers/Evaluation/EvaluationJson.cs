using System.Text.Encodings.Web;
using System.Text.Json;

namespace NeuralMath.Evaluation;

/// <summary>JSON settings for reports: camelCase, compact or indented; '+' and quotes stay readable (no \u escapes).</summary>
public static class EvaluationJson
{
    /// <summary>Compact camelCase.</summary>
    public static JsonSerializerOptions Options { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Indented camelCase.</summary>
    public static JsonSerializerOptions Indented { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
