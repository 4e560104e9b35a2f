using Microsoft.ML;
using Microsoft.ML.Runtime;
using Microsoft.ML.Data;
using NeuralMath.Internal;
using NeuralMath.Problems;

namespace NeuralMath.Tokenization;

/// <summary>
/// Estimator for <see cref="MathTokenizingTransformer"/>: writes problem inputs as base-N digit tokens
/// (the same ids a model of that problem, base and digit order uses), or reads them back. Nothing is learned:
/// Fit only checks the schema.
/// </summary>
/// <remarks>
/// Tokenize: input column of type String (any problem) or Int64 (one-number problems) → variable-length
/// vector of Int32 token ids, without <c>[SOS]</c>/<c>[EOS]</c>. Detokenize: Int32 vector → String, the input
/// as a user writes it. A value that is not a valid input gives an empty vector (or empty text).
/// Create it with <see cref="NeuralMathTransformsCatalog.Tokenize(string, string?, string, int, DigitOrder)"/>.
/// </remarks>
public sealed partial class MathTokenizingEstimator : IEstimator<MathTokenizingTransformer>
{
    private readonly IHostEnvironment _env;
    private readonly Options _options;

    internal MathTokenizingEstimator(IHostEnvironment env, Options options)
    {
        _env = env ?? throw new ArgumentNullException(nameof(env));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        Validate(options);
    }

    /// <inheritdoc />
    public MathTokenizingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var transformer = new MathTokenizingTransformer(_env, _options);
        _ = transformer.GetOutputSchema(input.Schema); // checks the input column
        return transformer;
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        string input = _options.InputColumnName ?? _options.OutputColumnName;
        var problem = ProblemRegistry.Create(_options.Problem);
        SchemaShape.Column output;
        if (_options.Direction == MathTokenizingDirection.Tokenize)
        {
            ProblemInputColumn.Check(inputSchema, input, problem);
            output = SchemaShapes.Column(_options.OutputColumnName, SchemaShape.Column.VectorKind.VariableVector, NumberDataViewType.Int32);
        }
        else
        {
            if (!SchemaShapeLookup.TryFind(inputSchema, input, out var column)) throw SchemaErrors.Missing(nameof(inputSchema), "input", input);
            if (column.Kind == SchemaShape.Column.VectorKind.Scalar || column.ItemType != NumberDataViewType.Int32)
                throw SchemaErrors.Mismatch(nameof(inputSchema), "input", input, "vector of Int32", column.Kind == SchemaShape.Column.VectorKind.Scalar ? column.ItemType.ToString() : $"vector of {column.ItemType}");
            output = SchemaShapes.Column(_options.OutputColumnName, SchemaShape.Column.VectorKind.Scalar, TextDataViewType.Instance);
        }
        return SchemaShapes.Append(inputSchema, [output]);
    }

    internal static void Validate(Options options)
    {
        if (string.IsNullOrWhiteSpace(options.OutputColumnName)) throw new ArgumentOutOfRangeException(nameof(options.OutputColumnName), "The output column name must not be empty.");
        if (options.InputColumnName is { } name && string.IsNullOrWhiteSpace(name)) throw new ArgumentOutOfRangeException(nameof(options.InputColumnName), "The input column name must not be empty (null means the output's).");
        if (!ProblemRegistry.Names.Contains(options.Problem ?? "", StringComparer.OrdinalIgnoreCase))
            throw new ArgumentOutOfRangeException(nameof(options.Problem), $"Unknown problem '{options.Problem}'. Known problems: {string.Join(", ", ProblemRegistry.Names)}.");
        if (options.Base is < NumberBase.MinBase or > NumberBase.MaxBase)
            throw new ArgumentOutOfRangeException(nameof(options.Base), $"Base must be between {NumberBase.MinBase} and {NumberBase.MaxBase}.");
        if (!Enum.IsDefined(options.DigitOrder)) throw new ArgumentOutOfRangeException(nameof(options.DigitOrder), "Unknown digit order.");
        if (!Enum.IsDefined(options.Direction)) throw new ArgumentOutOfRangeException(nameof(options.Direction), "Unknown direction.");
    }
}
