using System.Text.Json.Nodes;

namespace NeuralMath.Search;

/// <summary>
/// One searched setting and its choices. A dimension is named either by one of the short names the issue's space
/// uses (<see cref="Aliases"/>: <c>layers</c> sets encoder and decoder layers together) or by any config setting's
/// dotted path (e.g. <c>training.weightDecay</c>).
/// </summary>
public sealed class SearchDimension
{
    /// <summary>Short names and the config settings each one sets.</summary>
    public static IReadOnlyDictionary<string, string[]> Aliases { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["base"] = ["tokenizer.base"],
        ["layers"] = ["model.encoderLayers", "model.decoderLayers"],
        ["width"] = ["model.modelDim"],
        ["feedForward"] = ["model.feedForwardDim"],
        ["heads"] = ["model.heads"],
        ["positions"] = ["model.positions"],
        ["norm"] = ["model.norm"],
        ["learningRate"] = ["training.learningRate"],
        ["warmup"] = ["training.warmupSteps"],
        ["batchSize"] = ["training.batchSize"],
        ["dropout"] = ["model.dropout"],
    };

    /// <summary>A dimension; <paramref name="choices"/> are JSON values (numbers, or strings such as <c>"pre"</c>).</summary>
    /// <exception cref="ArgumentException">The name is neither a short name nor a dotted path, names a problem setting, or there are no choices.</exception>
    public SearchDimension(string name, IEnumerable<JsonNode> choices)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(choices);
        Name = name;
        Paths = Aliases.TryGetValue(name, out var paths) ? paths
            : name.Split('.') is [{ Length: > 0 }, { Length: > 0 }] ? [name]
            : throw new ArgumentException($"dimension '{name}' is neither one of {string.Join(", ", Aliases.Keys)} nor a config setting such as training.weightDecay.");
        if (Paths[0].StartsWith("problem.", StringComparison.Ordinal))
            throw new ArgumentException($"dimension '{name}': problem settings cannot be searched (every trial is validated on the same inputs).");
        Choices = [.. choices.Select(c => c?.DeepClone() ?? throw new ArgumentException($"dimension '{name}': a choice is null."))];
        if (Choices.Count == 0) throw new ArgumentException($"dimension '{name}' has no choices.");
        if (Choices.Select(c => c.ToJsonString()).Distinct(StringComparer.Ordinal).Count() != Choices.Count)
            throw new ArgumentException($"dimension '{name}' lists a choice twice.");
    }

    /// <summary>The name: a short name or a dotted config path.</summary>
    public string Name { get; }

    /// <summary>The config settings a choice sets (two for <c>layers</c>).</summary>
    public IReadOnlyList<string> Paths { get; }

    /// <summary>The values tried.</summary>
    public IReadOnlyList<JsonNode> Choices { get; }

    /// <summary>The overrides (<c>path=value</c>, as <c>--set</c> takes them) that give this dimension <paramref name="value"/>.</summary>
    public IEnumerable<string> Overrides(JsonNode value) => Paths.Select(p => $"{p}={value.ToJsonString()}");

    /// <summary>This dimension's value in a config (as JSON); null when the config does not set it.</summary>
    public JsonNode? ValueIn(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        JsonNode? node = config;
        foreach (var key in Paths[0].Split('.')) node = (node as JsonObject)?[key];
        return node;
    }

    /// <summary>The dimension as JSON: its choices.</summary>
    public JsonArray ToJson() => [.. Choices.Select(c => c.DeepClone())];
}
