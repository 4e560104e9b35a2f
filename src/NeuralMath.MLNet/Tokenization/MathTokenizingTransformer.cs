using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using Microsoft.ML.Data;
using NeuralMath.Internal;
using NeuralMath.Mapping;

namespace NeuralMath.Tokenization;

/// <summary>
/// Converts problem inputs to base-N token ids, or back, row by row and lazily (see <see cref="MathTokenizingEstimator"/>).
/// Saved inside ML.NET model zips.
/// </summary>
public sealed class MathTokenizingTransformer : MappedTransformer
{
    internal const string LoaderSignature = "NeuralMathTokenize";
    internal static readonly ComponentFormat Format = new("NMTOKNZR", LoaderSignature, 0x00010001, "NeuralMath tokenizing transform");
    private static readonly JsonSerializerOptions Json = new() { IncludeFields = true };
    private readonly MathTokenizingEstimator.Options _options;

    internal MathTokenizingTransformer(IHostEnvironment env, MathTokenizingEstimator.Options options)
    {
        ArgumentNullException.ThrowIfNull(env);
        MathTokenizingEstimator.Validate(options);
        _options = options;
        Tokenizer = new MathTokenizer(options.Base, options.DigitOrder, Problems.ProblemRegistry.Create(options.Problem).Operators);
    }

    /// <summary>The tokenizer (base, digit order, vocabulary).</summary>
    public MathTokenizer Tokenizer { get; }

    /// <summary>Tokenize or detokenize.</summary>
    public MathTokenizingDirection Direction => _options.Direction;

    /// <inheritdoc />
    private protected override void Save(ModelSaveContext ctx) =>
        ModelStorage.Save(ctx, Format, JsonSerializer.Serialize(_options, Json), new Dictionary<string, byte[]>());

    internal static MathTokenizingTransformer FromSaved(IHostEnvironment env, string payload)
    {
        MathTokenizingEstimator.Options options;
        try
        {
            options = JsonSerializer.Deserialize<MathTokenizingEstimator.Options>(payload, Json) ?? throw new InvalidDataException("empty options");
        }
        catch (JsonException e)
        {
            throw ModelStorage.Damaged(Format, e);
        }
        return new MathTokenizingTransformer(env, options);
    }

    private protected override ColumnMapper CreateColumnMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new MathTokenizingMapper(inputSchema, _options, Tokenizer);
    }
}
