using System.Text.Json;
using System.Text.Json.Nodes;
using NeuralMath.Configuration;
using NeuralMath.Diagnostics;

namespace NeuralMath.Artifacts;

/// <summary>
/// The run config a saved model carries, checked against the vocabulary saved beside it: the one check for model
/// files (<c>.nmm</c> manifests) and ONNX exports (graph metadata). A config that does not parse or validate, or that
/// builds another vocabulary (an edited file, an incompatible version), gives an <see cref="InvalidDataException"/>.
/// </summary>
internal static class SavedConfig
{
    /// <param name="configJson">The config as JSON; null when the file has none.</param>
    /// <param name="vocabularyJson">The vocabulary as a JSON array of symbols; null when the file has none.</param>
    /// <param name="source">The file, as messages name it.</param>
    /// <param name="container">What holds the two in that file (<c>manifest</c>, <c>metadata</c>), as messages name it.</param>
    public static RunConfig Read(string? configJson, string? vocabularyJson, string source, string container)
    {
        RunConfig config;
        string?[] symbols;
        try
        {
            config = RunConfig.Parse(configJson ?? "null", source: "its config");
            symbols = (vocabularyJson is null ? null : JsonNode.Parse(vocabularyJson))?.AsArray().Select(n => n?.GetValue<string>()).ToArray() ?? [];
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"'{source}' has an invalid {container}{ErrorText.Detail(e)}.", e);
        }
        var tokenizer = config.CreateTokenizer(config.CreateProblem());
        if (!symbols.SequenceEqual(tokenizer.Vocabulary.Symbols))
            throw new InvalidDataException($"'{source}': the vocabulary in its {container} does not match what its config builds; the file was edited or comes from an incompatible version.");
        return config;
    }
}
