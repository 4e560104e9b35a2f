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

        /// <summary>The problem whose inputs are written (its operators join the vocabulary): a registered name such as <c>addition</c>, <c>factorization</c> or <c>gcd</c>.</summary>
        public string Problem = Defaults.Problem;

        /// <summary>Number base, 2 to 4096.</summary>
        public int Base = Defaults.Base;

        /// <summary>Digit order.</summary>
        public DigitOrder DigitOrder = Defaults.DigitOrder;

        /// <summary>Tokenize or detokenize.</summary>
        public MathTokenizingDirection Direction = MathTokenizingDirection.Tokenize;
    }

    /// <summary>Defaults shared by <see cref="Options"/> and the catalog (the same as the core's <c>TokenizerOptions</c>).</summary>
    internal static class Defaults
    {
        public const string Problem = "addition";
        public const int Base = 10;
        public const DigitOrder DigitOrder = Tokenization.DigitOrder.MostSignificantFirst;
    }
}
