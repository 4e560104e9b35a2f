using System.Text.Json;

namespace NeuralMath.Configuration;

/// <summary>
/// Turns what System.Text.Json reports about a config into one-line messages that name the setting (as a dotted
/// path, e.g. <c>training.steps</c>) and the file.
/// </summary>
internal static class ConfigErrors
{
    /// <summary>The first key that appears twice in one object, as a dotted path; null when there is none.</summary>
    /// <remarks>A duplicate would silently win or lose depending on the reader, so it is an error.</remarks>
    public static string? FindDuplicateKey(JsonElement element, string path = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    string child = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                    if (!seen.Add(property.Name)) return child;
                    if (FindDuplicateKey(property.Value, child) is string found) return found;
                }
                return null;
            case JsonValueKind.Array:
                int i = 0;
                foreach (var item in element.EnumerateArray())
                    if (FindDuplicateKey(item, $"{path}[{i++}]") is string found) return found;
                return null;
            default:
                return null;
        }
    }

    /// <summary>A deserialization failure as "source: setting: what was expected".</summary>
    public static InvalidDataException Describe(JsonException e, string source)
    {
        string setting = e.Path is { Length: > 1 } p ? p.TrimStart('$').TrimStart('.') : "(top level)";
        string message = e.Message;
        const string Converted = "could not be converted to ";
        int at = message.IndexOf(Converted, StringComparison.Ordinal);
        string what = message.Contains("could not be mapped", StringComparison.Ordinal) ? "is not a setting"
            : at >= 0 ? $"must be {Expected(message[(at + Converted.Length)..].Split(". Path:")[0].TrimEnd('.'))}"
            : $"is invalid ({message.Split(" Path:")[0].TrimEnd('.')})";
        return new InvalidDataException($"{source}: {setting} {what}.", e);
    }

    /// <summary>What a value of a .NET type (named as in System.Text.Json's message) looks like in a config.</summary>
    private static string Expected(string typeName)
    {
        if (typeName is "System.Int32" or "System.Int64" or "System.UInt64") return "an integer";
        if (typeName is "System.Double") return "a number";
        if (typeName is "System.String") return "a string";
        if (typeName is "System.Boolean") return "true or false";
        // The other types a config holds are this library's sections and enums.
        var type = typeof(ConfigErrors).Assembly.GetType(typeName);
        return type switch
        {
            null => typeName,
            { IsEnum: true } => "one of " + string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.CamelCase.ConvertName)),
            _ => "a section ({ ... })",
        };
    }
}
