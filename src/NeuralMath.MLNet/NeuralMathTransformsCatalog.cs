using Microsoft.ML;
using Microsoft.ML.Runtime;
using NeuralMath.Tokenization;

namespace NeuralMath;

/// <summary>Transforms: <c>mlContext.NeuralMath().Transforms</c>.</summary>
public sealed class NeuralMathTransformsCatalog
{
    private readonly IHostEnvironment _env;

    internal NeuralMathTransformsCatalog(IHostEnvironment env) => _env = env;

    /// <summary>Writes problem inputs as base-N token ids (the ids a model of that problem, base and order uses).</summary>
    /// <param name="outputColumnName">Output: variable-length vector of Int32 token ids (no [SOS]/[EOS]).</param>
    /// <param name="inputColumnName">Input: String such as <c>45+202</c>, or Int64 for one-number problems; null means the output's name.</param>
    /// <param name="problem">A registered problem name (<see cref="Problems.ProblemRegistry.Names"/>), e.g. <c>addition</c>, <c>factorization</c>, <c>gcd</c>; with its default options (modadd and modmul: modulus 97).</param>
    /// <param name="numberBase">Number base, 2 to 4096.</param>
    /// <param name="digitOrder">Digit order.</param>
    public MathTokenizingEstimator Tokenize(string outputColumnName = NeuralMathColumnNames.Tokens, string? inputColumnName = NeuralMathColumnNames.Input,
        string problem = MathTokenizingEstimator.Defaults.Problem, int numberBase = MathTokenizingEstimator.Defaults.Base,
        DigitOrder digitOrder = MathTokenizingEstimator.Defaults.DigitOrder) =>
        Create(outputColumnName, inputColumnName, problem, numberBase, digitOrder, MathTokenizingDirection.Tokenize);

    /// <summary>Reads token ids back into input text: the inverse of <see cref="Tokenize(string, string?, string, int, DigitOrder)"/>.</summary>
    /// <param name="outputColumnName">Output: String (empty when the tokens are not a valid input).</param>
    /// <param name="inputColumnName">Input: vector of Int32 token ids; null means the output's name.</param>
    /// <param name="problem">A registered problem name (<see cref="Problems.ProblemRegistry.Names"/>), e.g. <c>addition</c>, <c>factorization</c>, <c>gcd</c>; with its default options (modadd and modmul: modulus 97).</param>
    /// <param name="numberBase">Number base, 2 to 4096.</param>
    /// <param name="digitOrder">Digit order.</param>
    public MathTokenizingEstimator Detokenize(string outputColumnName = NeuralMathColumnNames.Input, string? inputColumnName = NeuralMathColumnNames.Tokens,
        string problem = MathTokenizingEstimator.Defaults.Problem, int numberBase = MathTokenizingEstimator.Defaults.Base,
        DigitOrder digitOrder = MathTokenizingEstimator.Defaults.DigitOrder) =>
        Create(outputColumnName, inputColumnName, problem, numberBase, digitOrder, MathTokenizingDirection.Detokenize);

    /// <summary>The tokenizing (or detokenizing) transform described by <paramref name="options"/>.</summary>
    public MathTokenizingEstimator Tokenize(MathTokenizingEstimator.Options options) => new(_env, options);

    private MathTokenizingEstimator Create(string outputColumnName, string? inputColumnName, string problem, int numberBase,
        DigitOrder digitOrder, MathTokenizingDirection direction) =>
        Tokenize(new MathTokenizingEstimator.Options
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            Problem = problem,
            Base = numberBase,
            DigitOrder = digitOrder,
            Direction = direction,
        });
}
