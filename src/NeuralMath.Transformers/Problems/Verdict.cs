namespace NeuralMath.Problems;

/// <summary>The result of checking one answer against one input, exactly.</summary>
/// <param name="Correct">The answer is right (for factorization: the product is n and every factor is prime).</param>
/// <param name="ValueMatches">The answer evaluates to the right value (factorization: the product is n, primes or not).</param>
/// <param name="Echo">The answer repeats the input (factorization: a composite n answered as "n is prime").</param>
public readonly record struct Verdict(bool Correct, bool ValueMatches, bool Echo)
{
    /// <summary>The verdict for an output that did not parse.</summary>
    public static Verdict Unparsed => default;
}
