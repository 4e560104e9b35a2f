using Microsoft.ML;
using Microsoft.ML.Runtime;
using Microsoft.ML.Data;
using NeuralMath.Annotations;
using NeuralMath.Configuration;
using NeuralMath.Internal;

namespace NeuralMath.Tokenization;

/// <summary>
/// Estimator for <see cref="MathTokenizingTransformer"/>: writes problem inputs as base-N digit tokens
/// (the same ids a model of that problem, base and digit order uses), or reads them back. Fit learns which problem
/// from the input column's annotation (or from <see cref="Options.Problem"/>) and checks that the two agree.
/// </summary>
/// <remarks>
/// Tokenize: input column of type String (any problem) or Int64 (one-number problems) → variable-length vector of
/// Int32 token ids, without <c>[SOS]</c>/<c>[EOS]</c>, annotated with the problem, base, digit order and vocabulary
/// (<see cref="NeuralMathAnnotations"/>) so that the trainer learns them from the column. Detokenize: Int32 vector →
/// String, the input as a user writes it. A value that is not a valid input gives an empty vector (or empty text).
/// Create it with <see cref="NeuralMathTransformsCatalog.Tokenize(string, string?, string?, int?, DigitOrder?)"/>.
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

    private string InputColumnName => _options.InputColumnName ?? _options.OutputColumnName;

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">
    /// The input column is missing or of another type; nothing says which problem it holds; or its annotations and
    /// these options describe different problems or tokenizations (the message names both).
    /// </exception>
    public MathTokenizingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var transformer = new MathTokenizingTransformer(_env, InputColumnName, _options.OutputColumnName, _options.Direction, Resolve(input.Schema));
        _ = transformer.GetOutputSchema(input.Schema); // checks the input column
        return transformer;
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        string input = InputColumnName;
        SchemaShape.Column output;
        if (_options.Direction == MathTokenizingDirection.Tokenize)
        {
            // Without a stated problem, which one (and so whether Int64 is allowed) is known only at Fit, from the annotation.
            var problem = _options.Problem is { } stated ? Problems.ProblemRegistry.Create(stated) : null;
            ProblemInputColumn.Check(inputSchema, input, problem);
            if (problem is null && SchemaShapeLookup.TryFind(inputSchema, input, out var column) && !ProblemAnnotation.IsOn(column))
                throw NoProblem(nameof(inputSchema), input);
            output = SchemaShapes.Column(_options.OutputColumnName, SchemaShape.Column.VectorKind.VariableVector, NumberDataViewType.Int32, TokenizedProblem.AnnotationShape);
        }
        else
        {
            TokenInputColumn.Check(inputSchema, input, requireAnnotations: _options.Problem is null);
            output = SchemaShapes.Column(_options.OutputColumnName, SchemaShape.Column.VectorKind.Scalar, TextDataViewType.Instance, ProblemShape);
        }
        return SchemaShapes.Append(inputSchema, [output]);
    }

    /// <summary>The shape of the one annotation (the problem) a detokenized column carries.</summary>
    internal static SchemaShape ProblemShape { get; } =
        new([SchemaShapes.Column(NeuralMathAnnotations.Problem, SchemaShape.Column.VectorKind.Scalar, TextDataViewType.Instance)]);

    internal static void Validate(Options options)
    {
        if (string.IsNullOrWhiteSpace(options.OutputColumnName)) throw new ArgumentOutOfRangeException(nameof(options.OutputColumnName), "The output column name must not be empty.");
        if (options.InputColumnName is { } name && string.IsNullOrWhiteSpace(name)) throw new ArgumentOutOfRangeException(nameof(options.InputColumnName), "The input column name must not be empty (null means the output's).");
        if (options.Problem is not null) new RunConfig { Problem = options.Problem }.Validate();
        if (options.Tokenizer is not null) new RunConfig { Tokenizer = options.Tokenizer }.Validate();
        if (!Enum.IsDefined(options.Direction)) throw new ArgumentOutOfRangeException(nameof(options.Direction), "Unknown direction.");
    }

    /// <summary>The problem and tokenization this step uses on <paramref name="schema"/>: what its input column says, checked against what the options say.</summary>
    private TokenizedProblem Resolve(DataViewSchema schema)
    {
        const string parameter = "input";
        string name = InputColumnName;
        if (_options.Direction == MathTokenizingDirection.Tokenize)
        {
            var column = schema.GetColumnOrNull(name) ?? throw SchemaErrors.Missing(parameter, "input", name);
            var annotated = ProblemAnnotation.Read(column, parameter);
            if (annotated is not null && _options.Problem is { } stated && !ProblemAnnotation.SameProblem(annotated, stated))
                throw Disagree(parameter, name, ProblemAnnotation.Describe(annotated), $"problem {ProblemAnnotation.Describe(stated)}");
            var problem = annotated ?? _options.Problem ?? throw NoProblem(parameter, name);
            return new TokenizedProblem(problem, _options.Tokenizer ?? new TokenizerOptions());
        }
        var tokens = TokenInputColumn.Bind(schema, name, parameter);
        if (tokens.Annotated is not { } written)
            return new TokenizedProblem(_options.Problem ?? throw NoProblem(parameter, name), _options.Tokenizer ?? new TokenizerOptions());
        var claimed = new TokenizedProblem(_options.Problem ?? written.ProblemOptions, _options.Tokenizer ?? written.TokenizerOptions);
        if (!written.Agrees(claimed)) throw Disagree(parameter, name, written.ToString(), claimed.ToString());
        return written;
    }

    private static ArgumentOutOfRangeException Disagree(string parameterName, string column, string annotated, string stated) => new(parameterName,
        $"Column '{column}' holds {annotated} (its annotations), but this {nameof(MathTokenizingEstimator)} was given {stated}. " +
        "State the problem once: leave the transform's problem unset to take it from the column, or generate the data for the problem you mean.");

    private static ArgumentOutOfRangeException NoProblem(string parameterName, string column) => new(parameterName,
        $"Column '{column}' does not say which problem it holds (it has no {NeuralMathAnnotations.Problem} annotation; generated data does), " +
        "so name it here: e.g. Tokenize(problem: \"addition\"), or Options.Problem.");
}
