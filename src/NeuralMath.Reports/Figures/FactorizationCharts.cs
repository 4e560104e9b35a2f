using NeuralMath.Evaluation;

namespace NeuralMath.Reports.Figures;

/// <summary>The factorization accuracy charts: by number of prime factors, smallest prime factor, decile of n, and test vs out-of-sample.</summary>
public static class FactorizationCharts
{
    /// <summary>Draws the four charts from the test and out-of-sample reports.</summary>
    public static IEnumerable<ReportFigure> Draw(EvaluationReport test, EvaluationReport outOfSample, int beams, string folder)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(outOfSample);
        yield return Group(test, "factorCount", "number of prime factors (with multiplicity)", "Accuracy by number of prime factors", "factorization-by-factor-count.png", beams, folder);
        yield return Group(test, "smallestFactor", "smallest prime factor", "Accuracy by smallest prime factor", "factorization-by-smallest-factor.png", beams, folder);
        yield return Group(test, "decile", "decile of n (d01: smallest tenth)", "Accuracy by decile of n", "factorization-by-decile.png", beams, folder);
        var overall = new[] { test, outOfSample }
            .Select(r => (r.Split == "oos" ? "out-of-sample" : "in range (test)", new GroupMetrics { Count = r.Count, Top1Accuracy = r.Top1Accuracy, AnyOfKAccuracy = r.AnyOfKAccuracy }))
            .ToArray();
        yield return AccuracyBars.Draw(overall, beams, "inputs", "In range vs out-of-sample", "Test inputs (in the training range, never trained on) against the numbers just above it.", "factorization-in-range-vs-oos.png", folder);
    }

    private static ReportFigure Group(EvaluationReport report, string group, string xLabel, string title, string file, int beams, string folder)
    {
        var buckets = report.Groups.TryGetValue(group, out var b) ? BucketOrder.Sort(b).Select(kv => (kv.Key, kv.Value)).ToArray() : [];
        return AccuracyBars.Draw(buckets, beams, xLabel, title, $"Test split ({report.Count} inputs), {beams} beam(s). Verified equals any-of-k here: the factorization check is exact.", file, folder);
    }
}
