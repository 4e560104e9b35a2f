using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using NeuralMath.Configuration;
using NeuralMath.Internal;
using NeuralMath.Problems;
using NeuralMath.Tokenization;

namespace NeuralMath.Annotations;

/// <summary>
/// What a token column holds: the inputs of which problem, written with which base and digit order. Written on the
/// column as four annotations (<see cref="NeuralMathAnnotations"/>), read back by every later step, and compared when
/// two steps or two data views meet.
/// </summary>
internal sealed class TokenizedProblem
{
    public TokenizedProblem(ProblemOptions problem, TokenizerOptions tokenizer)
    {
        ProblemOptions = ProblemAnnotation.Copy(problem);
        TokenizerOptions = new TokenizerOptions { Base = tokenizer.Base, DigitOrder = tokenizer.DigitOrder };
        new RunConfig { Problem = ProblemOptions, Tokenizer = TokenizerOptions }.Validate();
        Problem = ProblemRegistry.Create(ProblemOptions);
        Tokenizer = MathTokenizer.For(Problem, TokenizerOptions.Base, TokenizerOptions.DigitOrder);
    }

    public ProblemOptions ProblemOptions { get; }

    public TokenizerOptions TokenizerOptions { get; }

    public MathProblem Problem { get; }

    public MathTokenizer Tokenizer { get; }

    /// <summary>The shape of the annotations, for estimators' output schemas.</summary>
    public static SchemaShape AnnotationShape { get; } = new(
    [
        SchemaShapes.Column(NeuralMathAnnotations.Problem, SchemaShape.Column.VectorKind.Scalar, TextDataViewType.Instance),
        SchemaShapes.Column(NeuralMathAnnotations.Base, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Int32),
        SchemaShapes.Column(NeuralMathAnnotations.DigitOrder, SchemaShape.Column.VectorKind.Scalar, TextDataViewType.Instance),
        SchemaShapes.Column(NeuralMathAnnotations.Vocabulary, SchemaShape.Column.VectorKind.Vector, TextDataViewType.Instance),
    ]);

    /// <summary>The four annotations of a token column written this way.</summary>
    public DataViewSchema.Annotations ToAnnotations()
    {
        var builder = new DataViewSchema.Annotations.Builder();
        ProblemAnnotation.Add(builder, ProblemOptions);
        int numberBase = TokenizerOptions.Base;
        builder.Add(NeuralMathAnnotations.Base, NumberDataViewType.Int32, (ref int v) => v = numberBase);
        string order = JsonNamingPolicy.CamelCase.ConvertName(TokenizerOptions.DigitOrder.ToString());
        builder.Add(NeuralMathAnnotations.DigitOrder, TextDataViewType.Instance, (ref ReadOnlyMemory<char> v) => v = order.AsMemory());
        var symbols = Tokenizer.Vocabulary.Symbols.Select(s => s.AsMemory()).ToArray();
        builder.Add(NeuralMathAnnotations.Vocabulary, new VectorDataViewType(TextDataViewType.Instance, symbols.Length),
            (ref VBuffer<ReadOnlyMemory<char>> v) => v = new VBuffer<ReadOnlyMemory<char>>(symbols.Length, symbols));
        return builder.ToAnnotations();
    }

    /// <summary>
    /// What a token column's annotations say; null when it has none (token ids from elsewhere). Annotations that are
    /// incomplete, or whose vocabulary is not the one their problem, base and order build, are a schema error.
    /// </summary>
    public static TokenizedProblem? Read(DataViewSchema.Column column, string parameterName)
    {
        var problem = ProblemAnnotation.Read(column, parameterName);
        if (problem is null) return null;
        var annotations = column.Annotations;
        ArgumentOutOfRangeException Invalid(string what) => new(parameterName,
            $"Column '{column.Name}' has NeuralMath token annotations whose {what}; it was not written by NeuralMath's Tokenize.");
        if (annotations.Schema.GetColumnOrNull(NeuralMathAnnotations.Base)?.Type != NumberDataViewType.Int32
            || annotations.Schema.GetColumnOrNull(NeuralMathAnnotations.DigitOrder)?.Type is not TextDataViewType
            || annotations.Schema.GetColumnOrNull(NeuralMathAnnotations.Vocabulary)?.Type is not VectorDataViewType { ItemType: TextDataViewType })
            throw Invalid($"{NeuralMathAnnotations.Base}, {NeuralMathAnnotations.DigitOrder} or {NeuralMathAnnotations.Vocabulary} is missing or of another type");
        int numberBase = 0;
        ReadOnlyMemory<char> order = default;
        VBuffer<ReadOnlyMemory<char>> vocabulary = default;
        annotations.GetValue(NeuralMathAnnotations.Base, ref numberBase);
        annotations.GetValue(NeuralMathAnnotations.DigitOrder, ref order);
        annotations.GetValue(NeuralMathAnnotations.Vocabulary, ref vocabulary);
        if (!Enum.TryParse<DigitOrder>(order.ToString(), ignoreCase: true, out var digitOrder) || !Enum.IsDefined(digitOrder))
            throw Invalid($"digit order '{order}' is not one");
        TokenizedProblem result;
        try
        {
            result = new TokenizedProblem(problem, new TokenizerOptions { Base = numberBase, DigitOrder = digitOrder });
        }
        catch (ArgumentException e)
        {
            throw Invalid($"settings are invalid ({e.Message})");
        }
        if (!vocabulary.DenseValues().Select(s => s.ToString()).SequenceEqual(result.Tokenizer.Vocabulary.Symbols))
            throw Invalid("vocabulary is not the one its problem, base and digit order build");
        return result;
    }

    /// <summary>Whether a schema shape's column carries the annotations.</summary>
    public static bool IsOn(SchemaShape.Column column) => ProblemAnnotation.IsOn(column);

    /// <summary>True when both describe the same problem written the same way (same token ids for the same input).</summary>
    public bool Agrees(TokenizedProblem other) =>
        ProblemAnnotation.SameProblem(ProblemOptions, other.ProblemOptions)
        && TokenizerOptions.Base == other.TokenizerOptions.Base && TokenizerOptions.DigitOrder == other.TokenizerOptions.DigitOrder;

    /// <summary>How messages name it, e.g. <c>addition (a, b in [0, 19]) in base 10, most significant digit first</c>.</summary>
    public override string ToString() =>
        $"{ProblemAnnotation.Describe(ProblemOptions)} in base {TokenizerOptions.Base}, " +
        (TokenizerOptions.DigitOrder == DigitOrder.MostSignificantFirst ? "most" : "least") + " significant digit first";

    /// <summary>The input the token ids spell (null when they are not a valid input of the problem).</summary>
    public long[]? Decode(ReadOnlySpan<int> ids) => Problem.DecodeInput(Tokenizer, ids);
}
