using System.Text.Json;

namespace NeuralMath.Evaluation;

/// <summary>Reads back the problem-specific number fields of a report written as JSON.</summary>
internal static class ProblemFields
{
    /// <summary>The numeric fields of a JSON extension dictionary (other fields, such as repeated groups, are skipped).</summary>
    public static SortedDictionary<string, double> ReadNumbers(Dictionary<string, object>? fields)
    {
        var numbers = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in fields ?? [])
            if (value is JsonElement { ValueKind: JsonValueKind.Number } number) numbers[name] = number.GetDouble();
            else if (value is double d) numbers[name] = d;
        return numbers;
    }
}
