namespace NeuralMath;

/// <summary>
/// The annotations NeuralMath's components write on their columns and read from the columns they are given, so that
/// a pipeline states its problem once and every later step learns it from the data, as ML.NET's key-to-value
/// annotation carries a key column's values from step to step. Read them with
/// <c>column.Annotations.GetValue(NeuralMathAnnotations.Problem, ref value)</c>.
/// </summary>
/// <remarks>
/// Generated inputs (<see cref="NeuralMathDataCatalog.Generate(Data.ProblemDataOptions)"/>) carry <see cref="Problem"/>;
/// token columns (<see cref="NeuralMathTransformsCatalog.Tokenize(string, string?, string?, int?, Tokenization.DigitOrder?)"/>)
/// carry all four; the trainer's Beams column carries <see cref="Problem"/>.
/// </remarks>
public static class NeuralMathAnnotations
{
    /// <summary>The problem, as JSON text: the core's <see cref="Configuration.ProblemOptions"/> (a config's <c>problem</c> section), e.g. <c>{"name":"addition","max":19,...}</c>.</summary>
    public const string Problem = "NeuralMath.Problem";

    /// <summary>The number base of a token column (Int32).</summary>
    public const string Base = "NeuralMath.Base";

    /// <summary>The digit order of a token column (String: <c>mostSignificantFirst</c> or <c>leastSignificantFirst</c>).</summary>
    public const string DigitOrder = "NeuralMath.DigitOrder";

    /// <summary>The vocabulary of a token column: a vector of String whose slot i is the symbol of token id i (<c>[PAD]</c>, <c>[SOS]</c>, <c>[EOS]</c>, digits, operators).</summary>
    public const string Vocabulary = "NeuralMath.Vocabulary";
}
