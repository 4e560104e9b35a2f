using NeuralMath.Configuration;

namespace NeuralMath.Tokenization;

/// <summary>Which way a <see cref="MathTokenizingEstimator"/> converts.</summary>
public enum MathTokenizingDirection
{
    /// <summary>Input text (or Int64) → token-id vector.</summary>
    Tokenize,

    /// <summary>Token-id vector → input text (the inverse).</summary>
    Detokenize,
}

public sealed partial class MathTokenizingEstimator
{
    /// <summary>Options of the base-N tokenizing transform.</summary>
    public sealed class Options
    {
        /// <summary>Column to write: a vector of Int32 token ids (tokenize) or text (detokenize).</summary>
        public string OutputColumnName = NeuralMathColumnNames.Tokens;

        /// <summary>Column to read: text such as <c>45+202</c> or an Int64 (tokenize), or an Int32 vector (detokenize). Null: same as the output.</summary>
        public string? InputColumnName = NeuralMathColumnNames.Input;

        /// <summary>
        /// The problem whose inputs are read or written (its operators join the vocabulary). Null, the default: the problem
        /// the input column's annotation names (generated data and token columns carry one). Set it for data of your own;
        /// when the column names a problem too, the two must be the same, or Fit fails naming both.
        /// </summary>
        public ProblemOptions? Problem;

        /// <summary>
        /// Number base and digit order (the core's <see cref="TokenizerOptions"/>). Tokenize: null writes base 10, most
        /// significant digit first. Detokenize: null reads them from the token column's annotations; when both are given they must agree.
        /// </summary>
        public TokenizerOptions? Tokenizer;

        /// <summary>Tokenize or detokenize.</summary>
        public MathTokenizingDirection Direction = MathTokenizingDirection.Tokenize;
    }
}
