namespace NeuralMath.Problems;

/// <summary>A way a problem groups its inputs in metrics, e.g. factorization by number of prime factors.</summary>
/// <param name="Name">The group's name in <see cref="MathProblem.MetricGroups"/>, reports and <c>training.oversample</c> keys.</param>
/// <param name="Description">What the buckets are, for chart axes, e.g. "number of prime factors (with multiplicity)".</param>
public sealed record MetricGroup(string Name, string Description)
{
    /// <summary>A top-level field of evaluation reports that repeats this group (factorization: <c>byFactorCount</c>); null: none.</summary>
    public string? ReportField { get; init; }

    /// <summary>
    /// Each bucket is one class of answers (gcd: the gcd itself), so a bucket the model gets right is a class it has
    /// learned (<see cref="Evaluation.LearnedClasses"/>); buckets that are ranges of classes are left out of that count.
    /// </summary>
    public bool AnswerClasses { get; init; }
}
