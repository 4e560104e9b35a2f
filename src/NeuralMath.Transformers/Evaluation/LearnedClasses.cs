using System.Globalization;
using NeuralMath.Problems;

namespace NeuralMath.Evaluation;

/// <summary>
/// Which answer classes a model has learned (gcd: which gcds), read from an evaluation's per-class buckets, as Charton
/// counts "GCD predicted correctly" on a stratified test set. A class is learned when at least
/// <see cref="Threshold"/> of its inputs (and at least <see cref="MinimumInputs"/> of them) get a correct top answer:
/// per Charton's first rule a model's answer is nearly a function of the class, so a class is near 0% or near 100%
/// and the count barely depends on the threshold.
/// </summary>
public static class LearnedClasses
{
    /// <summary>Top-1 accuracy a class needs to count as learned.</summary>
    public const double Threshold = 0.9;

    /// <summary>Inputs a class needs before it is judged at all.</summary>
    public const int MinimumInputs = 10;

    /// <summary>
    /// For every class group of <paramref name="problem"/> in <paramref name="report"/> (<see cref="MetricGroup.AnswerClasses"/>):
    /// the classes judged (numeric buckets with enough inputs, in numeric order) and those learned among them.
    /// </summary>
    public static IEnumerable<(string Group, IReadOnlyList<long> Judged, IReadOnlyList<long> Learned)> Of(EvaluationReport report, MathProblem problem)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(problem);
        foreach (var group in problem.Groups.Where(g => g.AnswerClasses))
        {
            if (!report.Groups.TryGetValue(group.Name, out var buckets)) continue;
            var judged = buckets
                .Where(b => b.Value.Count >= MinimumInputs && long.TryParse(b.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                .Select(b => (Class: long.Parse(b.Key, CultureInfo.InvariantCulture), b.Value.Top1Accuracy))
                .OrderBy(c => c.Class).ToArray();
            yield return (group.Name, judged.Select(c => c.Class).ToArray(), judged.Where(c => c.Top1Accuracy >= Threshold).Select(c => c.Class).ToArray());
        }
    }
}
