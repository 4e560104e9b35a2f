using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using Microsoft.ML.Data;
using NeuralMath.Annotations;
using NeuralMath.Configuration;
using NeuralMath.Internal;
using NeuralMath.Mapping;

namespace NeuralMath.Tokenization;

/// <summary>
/// Converts problem inputs to base-N token ids, or back, row by row and lazily (see <see cref="MathTokenizingEstimator"/>),
/// for the problem and tokenization it was fitted with. Saved inside ML.NET model zips.
/// </summary>
public sealed class MathTokenizingTransformer : MappedTransformer
{
    internal const string LoaderSignature = "NeuralMathTokenize";

    /// <summary>Format 0x00010002 saves the fitted problem definition and tokenizer options; 0x00010001 (NeuralMath.MLNet 0.1.0) saved the estimator's options.</summary>
    internal static readonly ComponentFormat Format = new("NMTOKNZR", LoaderSignature, 0x00010002, "NeuralMath tokenizing transform");

    private static readonly JsonSerializerOptions Json = new(RunConfig.JsonOptions) { WriteIndented = false };
    private readonly Settings _settings;
    private readonly TokenizedProblem _tokenized;

    internal MathTokenizingTransformer(IHostEnvironment env, string inputColumnName, string outputColumnName, MathTokenizingDirection direction, TokenizedProblem tokenized)
        : this(env, new Settings
        {
            InputColumnName = inputColumnName,
            OutputColumnName = outputColumnName,
            Direction = direction,
            Problem = tokenized.ProblemOptions,
            Tokenizer = tokenized.TokenizerOptions,
        })
    {
    }

    private MathTokenizingTransformer(IHostEnvironment env, Settings settings)
    {
        ArgumentNullException.ThrowIfNull(env);
        _settings = settings;
        _tokenized = new TokenizedProblem(settings.Problem, settings.Tokenizer);
    }

    /// <summary>The tokenizer (base, digit order, vocabulary).</summary>
    public MathTokenizer Tokenizer => _tokenized.Tokenizer;

    /// <summary>The problem whose inputs it reads or writes.</summary>
    public Problems.MathProblem Problem => _tokenized.Problem;

    /// <summary>Tokenize or detokenize.</summary>
    public MathTokenizingDirection Direction => _settings.Direction;

    /// <inheritdoc />
    private protected override void Save(ModelSaveContext ctx) =>
        ModelStorage.Save(ctx, Format, JsonSerializer.Serialize(_settings, Json), new Dictionary<string, Action<Stream>>());

    internal static MathTokenizingTransformer FromSaved(IHostEnvironment env, string payload, uint version)
    {
        try
        {
            var settings = version >= 0x00010002
                ? JsonSerializer.Deserialize<Settings>(payload, Json) ?? throw new InvalidDataException("empty options")
                : Settings.FromVersion1(payload);
            return new MathTokenizingTransformer(env, settings);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or ArgumentException or InvalidOperationException or FormatException)
        {
            throw ModelStorage.Damaged(Format, e);
        }
    }

    private protected override ColumnMapper CreateColumnMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new MathTokenizingMapper(inputSchema, _settings.InputColumnName, _settings.OutputColumnName, _settings.Direction, _tokenized);
    }

    /// <summary>What the transformer saves: its columns, direction, and the problem and tokenizer it was fitted with.</summary>
    internal sealed class Settings
    {
        public string InputColumnName { get; set; } = NeuralMathColumnNames.Input;

        public string OutputColumnName { get; set; } = NeuralMathColumnNames.Tokens;

        public MathTokenizingDirection Direction { get; set; }

        public ProblemOptions Problem { get; set; } = new();

        public TokenizerOptions Tokenizer { get; set; } = new();

        /// <summary>
        /// Format 0x00010001's payload: the estimator's options of NeuralMath.MLNet 0.1.0, with the problem as a name, e.g.
        /// <c>{"OutputColumnName":"Tokens","InputColumnName":"Input","Problem":"addition","Base":10,"DigitOrder":0,"Direction":0}</c>.
        /// </summary>
        public static Settings FromVersion1(string payload)
        {
            var o = JsonNode.Parse(payload)?.AsObject() ?? throw new InvalidDataException("empty options");
            int Number(string key) => (int?)o[key] ?? throw new InvalidDataException($"no {key}");
            string output = (string?)o["OutputColumnName"] ?? throw new InvalidDataException("no OutputColumnName");
            return new Settings
            {
                OutputColumnName = output,
                InputColumnName = (string?)o["InputColumnName"] ?? output,
                Direction = (MathTokenizingDirection)Number("Direction"),
                Problem = new ProblemOptions { Name = (string?)o["Problem"] ?? throw new InvalidDataException("no Problem") },
                Tokenizer = new TokenizerOptions { Base = Number("Base"), DigitOrder = (DigitOrder)Number("DigitOrder") },
            };
        }
    }
}
