using System.Text;
using NeuralMath.Evaluation;
using NeuralMath.Problems;

namespace NeuralMath.Reports.Figures;

/// <summary>
/// Accuracy charts of any problem: one per metric group it defines (factorization: number of prime factors, smallest
/// factor), one by decile of the input, and test against out-of-sample.
/// </summary>
public static class GroupCharts
{
    /// <summary>Draws the charts from the test and out-of-sample reports, into <c>&lt;problem&gt;-by-&lt;group&gt;.png</c> files.</summary>
    public static IEnumerable<ReportFigure> Draw(MathProblem problem, EvaluationReport test, EvaluationReport outOfSample, int beams, string folder)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(outOfSample);
        var groups = problem.Groups.Append(new MetricGroup("decile", "decile of the largest operand (d01: smallest tenth)"));
        foreach (var group in groups)
            yield return Group(problem, test, group, beams, folder);
        var overall = new[] { test, outOfSample }
            .Select(r => (r.Split == "oos" ? "out-of-sample" : "in range (test)", new GroupMetrics { Count = r.Count, Top1Accuracy = r.Top1Accuracy, AnyOfKAccuracy = r.AnyOfKAccuracy }))
            .ToArray();
        yield return AccuracyBars.Draw(overall, beams, "inputs", "In range vs out-of-sample", "Test inputs (in the training range, never trained on) against the inputs just outside it.", $"{problem.Name}-in-range-vs-oos.png", folder);
    }

    private static ReportFigure Group(MathProblem problem, EvaluationReport report, MetricGroup group, int beams, string folder)
    {
        var buckets = report.Groups.TryGetValue(group.Name, out var b) ? BucketOrder.Sort(b).Select(kv => (kv.Key, kv.Value)).ToArray() : [];
        return AccuracyBars.Draw(buckets, beams, group.Description, $"Accuracy by {group.Description}",
            $"Test split ({report.Count} inputs), {beams} beam(s). Verified equals any-of-k here: the {problem.Name} check is exact.",
            $"{problem.Name}-by-{Kebab(group.Name)}.png", folder);
    }

    // factorCount → factor-count: file names in one case.
    private static string Kebab(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        foreach (char c in name)
        {
            if (char.IsUpper(c) && sb.Length > 0) sb.Append('-');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
