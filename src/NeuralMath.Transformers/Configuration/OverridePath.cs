using System.Globalization;
using System.Text.Json.Nodes;

namespace NeuralMath.Configuration;

/// <summary>
/// The path of a <c>--set</c> override: dotted keys, where a number (or <c>[n]</c>) indexes a list, so
/// <c>problem.tasks.1.max=2000</c> and <c>problem.tasks[1].max=2000</c> set the second task's range.
/// </summary>
internal static class OverridePath
{
    /// <summary>The keys and indices of a path, e.g. <c>problem.tasks[1].max</c> → problem, tasks, 1, max.</summary>
    public static string[] Split(string path) =>
        path.Trim().Split('.').SelectMany(part =>
        {
            int open = part.IndexOf('[', StringComparison.Ordinal);
            if (open < 0 || !part.EndsWith(']')) return [part];
            return new[] { part[..open] }.Concat(part[(open + 1)..^1].Split("][")).ToArray();
        }).ToArray();

    /// <summary>The child that path element <paramref name="i"/> names, creating a missing section.</summary>
    public static JsonNode Step(JsonNode node, string[] path, int i, string assignment, string source)
    {
        if (node is JsonArray list) return list[Index(list, path, i, assignment, source)]
            ?? throw new ArgumentException($"{source}: override '{assignment}': {Name(path, i + 1)} is null, not a section.");
        var obj = (JsonObject)node;
        obj[path[i]] ??= new JsonObject();
        var child = obj[path[i]]!;
        if (child is JsonObject or JsonArray) return child;
        throw new ArgumentException($"{source}: override '{assignment}': {Name(path, i + 1)} is a value, not a section.");
    }

    /// <summary>Sets the last element of the path on <paramref name="node"/>.</summary>
    public static void Set(JsonNode node, string[] path, JsonNode? value, string assignment, string source)
    {
        if (node is JsonArray list) list[Index(list, path, path.Length - 1, assignment, source)] = value;
        else ((JsonObject)node)[path[^1]] = value;
    }

    private static int Index(JsonArray list, string[] path, int i, string assignment, string source)
    {
        if (int.TryParse(path[i], NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < list.Count) return index;
        throw new ArgumentException($"{source}: override '{assignment}': {Name(path, i)} is a list of {list.Count}; index it from 0 to {list.Count - 1}, e.g. {Name(path, i)}.0.");
    }

    private static string Name(string[] path, int count) => string.Join('.', path[..count]);
}
