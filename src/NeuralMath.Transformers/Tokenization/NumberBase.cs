namespace NeuralMath.Tokenization;

/// <summary>Limits on the number base.</summary>
public static class NumberBase
{
    /// <summary>Smallest supported base.</summary>
    public const int MinBase = 2;

    /// <summary>Largest supported base (one token per digit keeps vocabularies manageable).</summary>
    public const int MaxBase = 4096;
}
