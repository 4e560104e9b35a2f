namespace NeuralMath.Tokenization;

/// <summary>The order in which the digits of a number are written as tokens.</summary>
public enum DigitOrder
{
    /// <summary>Most-significant digit first, the way people write numbers (the reference's order).</summary>
    MostSignificantFirst,

    /// <summary>Least-significant digit first: the order in which carries propagate, which helps addition generalise.</summary>
    LeastSignificantFirst,
}
