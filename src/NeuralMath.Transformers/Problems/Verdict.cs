namespace NeuralMath.Problems;

/// <summary>The result of checking one answer against one input, exactly.</summary>
/// <param name="Correct">The answer is right. Problem-specific diagnoses (e.g. factorization's echo) are <see cref="AnswerMetric"/>s.</param>
public readonly record struct Verdict(bool Correct)
{
    /// <summary>The verdict for an output that did not parse.</summary>
    public static Verdict Unparsed => default;
}
