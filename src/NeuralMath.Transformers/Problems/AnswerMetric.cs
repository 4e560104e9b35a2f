namespace NeuralMath.Problems;

/// <summary>
/// A problem-specific rate of the top beam, e.g. factorization's echo rate: among the inputs it applies to, the
/// fraction whose top answer has a property. Reports carry it by <paramref name="Name"/>: a top-level field of
/// <c>eval --json</c> and a field of every group.
/// </summary>
/// <param name="Name">The JSON name, camelCase, e.g. <c>echoRate</c>.</param>
/// <param name="Label">A short label for people, e.g. "echo rate".</param>
/// <param name="Description">What is counted, e.g. "composites answered as prime".</param>
/// <param name="Holds">Whether the parsed top answer (never null) has the property, given the input.</param>
public sealed record AnswerMetric(string Name, string Label, string Description, Func<long[], long[], bool> Holds)
{
    /// <summary>The inputs the rate is over (its denominator); null: every input. A malformed top answer counts as not holding.</summary>
    public Func<long[], bool>? AppliesTo { get; init; }
}
