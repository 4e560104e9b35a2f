using Microsoft.ML;
using Microsoft.ML.Runtime;
using NeuralMath.Configuration;
using NeuralMath.Tokenization;

namespace NeuralMath;

/// <summary>Transforms: <c>mlContext.NeuralMath().Transforms</c>.</summary>
public sealed class NeuralMathTransformsCatalog
{
    private readonly IHostEnvironment _env;

    internal NeuralMathTransformsCatalog(IHostEnvironment env) => _env = env;

    /// <summary>
    /// Writes problem inputs as base-N token ids (the ids a model of that problem, base and order uses), and annotates
    /// the output with the problem, base, digit order and vocabulary, which the trainer learns from.
    /// </summary>
    /// <param name="outputColumnName">Output: variable-length vector of Int32 token ids (no [SOS]/[EOS]).</param>
    /// <param name="inputColumnName">Input: String such as <c>45+202</c>, or Int64 for one-number problems; null means the output's name.</param>
    /// <param name="problem">
    /// Null (the default): the problem the input column's annotation names, as generated data carries. For data of your
    /// own, a registered problem name (<see cref="Problems.ProblemRegistry.Names"/>, e.g. <c>addition</c>, <c>factorization</c>,
    /// <c>gcd</c>) with its default options; for other options (a modulus), use the Options overload.
    /// </param>
    /// <param name="numberBase">Number base, 2 to 4096; null: the core's default (10).</param>
    /// <param name="digitOrder">Digit order; null: the core's default (most significant first).</param>
    public MathTokenizingEstimator Tokenize(string outputColumnName = NeuralMathColumnNames.Tokens, string? inputColumnName = NeuralMathColumnNames.Input,
        string? problem = null, int? numberBase = null, DigitOrder? digitOrder = null) =>
        Create(outputColumnName, inputColumnName, problem, numberBase, digitOrder, MathTokenizingDirection.Tokenize);

    /// <summary>
    /// Reads token ids back into input text: the inverse of <see cref="Tokenize(string, string?, string?, int?, DigitOrder?)"/>.
    /// The problem, base and digit order come from the token column's annotations; any given here must agree with them.
    /// </summary>
    /// <param name="outputColumnName">Output: String (empty when the tokens are not a valid input); by default a column of its own, never the input text's.</param>
    /// <param name="inputColumnName">Input: vector of Int32 token ids; null means the output's name.</param>
    /// <param name="problem">Null: from the token column's annotation; needed only for token ids that carry none.</param>
    /// <param name="numberBase">Null: from the token column's annotations (or 10 when it has none).</param>
    /// <param name="digitOrder">Null: from the token column's annotations (or most significant first when it has none).</param>
    public MathTokenizingEstimator Detokenize(string outputColumnName = NeuralMathColumnNames.DetokenizedInput, string? inputColumnName = NeuralMathColumnNames.Tokens,
        string? problem = null, int? numberBase = null, DigitOrder? digitOrder = null) =>
        Create(outputColumnName, inputColumnName, problem, numberBase, digitOrder, MathTokenizingDirection.Detokenize);

    /// <summary>The tokenizing (or detokenizing) transform described by <paramref name="options"/>.</summary>
    public MathTokenizingEstimator Tokenize(MathTokenizingEstimator.Options options) => new(_env, options);

    private MathTokenizingEstimator Create(string outputColumnName, string? inputColumnName, string? problem, int? numberBase,
        DigitOrder? digitOrder, MathTokenizingDirection direction)
    {
        TokenizerOptions? tokenizer = null;
        if (numberBase is not null || digitOrder is not null)
        {
            tokenizer = new TokenizerOptions();
            if (numberBase is { } b) tokenizer.Base = b;
            if (digitOrder is { } order) tokenizer.DigitOrder = order;
        }
        return Tokenize(new MathTokenizingEstimator.Options
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            Problem = problem is null ? null : new ProblemOptions { Name = problem },
            Tokenizer = tokenizer,
            Direction = direction,
        });
    }
}
