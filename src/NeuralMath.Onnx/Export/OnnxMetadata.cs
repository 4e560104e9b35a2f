using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NeuralMath.Artifacts;
using NeuralMath.Configuration;
using NeuralMath.Tokenization;

namespace NeuralMath.Onnx.Export;

/// <summary>
/// The metadata_props every exported file carries, so one file alone is enough to tokenize, detokenize and
/// rebuild the problem (docs/onnx.md lists the keys).
/// </summary>
internal static class OnnxMetadata
{
    public const string FormatName = "neuralmath-onnx";
    // 2: decoder_step.onnx takes past_rows and reorders its caches itself.
    public const int FormatVersion = 2;

    public const string Format = "neuralmath.format", Version = "neuralmath.format_version", Graph = "neuralmath.graph",
        ExportId = "neuralmath.export_id", LibraryVersion = "neuralmath.library_version", Problem = "neuralmath.problem",
        Vocabulary = "neuralmath.vocabulary", Base = "neuralmath.base", DigitOrder = "neuralmath.digit_order",
        PadId = "neuralmath.pad_id", SosId = "neuralmath.sos_id", EosId = "neuralmath.eos_id", FirstDigitId = "neuralmath.first_digit_id",
        MaxPositions = "neuralmath.max_positions", DecoderLayers = "neuralmath.decoder_layers", Heads = "neuralmath.heads",
        HeadDim = "neuralmath.head_dim", ModelDim = "neuralmath.model_dim", Config = "neuralmath.config", Tasks = "neuralmath.tasks";

    /// <summary>The entries for one graph of one export.</summary>
    public static Dictionary<string, string> Create(RunConfig config, MathTokenizer tokenizer, string graph, string exportId)
    {
        var m = config.Model;
        string Num(long v) => v.ToString(CultureInfo.InvariantCulture);
        var entries = new Dictionary<string, string>
        {
            [Format] = FormatName,
            [Version] = Num(FormatVersion),
            [Graph] = graph,
            [ExportId] = exportId,
            [LibraryVersion] = ModelArtifact.LibraryVersion,
            [Problem] = config.Problem.Name,
            [Vocabulary] = new JsonArray(tokenizer.Vocabulary.Symbols.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()).ToJsonString(),
            [Base] = Num(tokenizer.Base),
            [DigitOrder] = JsonSerializer.Serialize(tokenizer.Order, RunConfig.JsonOptions).Trim('"'),
            [PadId] = Num(Tokenization.Vocabulary.PadId),
            [SosId] = Num(Tokenization.Vocabulary.StartId),
            [EosId] = Num(Tokenization.Vocabulary.EndId),
            [FirstDigitId] = Num(tokenizer.Vocabulary.FirstDigitId),
            [MaxPositions] = Num(m.MaxPositions),
            [DecoderLayers] = Num(m.DecoderLayers),
            [Heads] = Num(m.Heads),
            [HeadDim] = Num(m.ModelDim / m.Heads),
            [ModelDim] = Num(m.ModelDim),
            [Config] = config.ToJson(),
        };
        // A multitask model's tasks: each name (the input prefix) with the token that starts its sources.
        if (config.Problem.Tasks is not null && config.CreateProblem().Tasks is { Count: > 0 } tasks)
            entries[Tasks] = new JsonArray([.. tasks.Select(t => (JsonNode)new JsonObject { ["name"] = t.Name, ["token"] = t.Token })]).ToJsonString();
        return entries;
    }
}
