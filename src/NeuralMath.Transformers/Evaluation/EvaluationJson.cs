using System.Text.Json;

namespace NeuralMath.Evaluation;

/// <summary>JSON settings for reports: camelCase, compact or indented.</summary>
public static class EvaluationJson
{
    /// <summary>Compact camelCase.</summary>
    public static JsonSerializerOptions Options { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Indented camelCase.</summary>
    public static JsonSerializerOptions Indented { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };
}
