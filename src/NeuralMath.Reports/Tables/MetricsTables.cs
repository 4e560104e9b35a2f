using Microsoft.Data.Analysis;
using NeuralMath.Evaluation;

namespace NeuralMath.Reports.Tables;

/// <summary>
/// The report's metrics as <see cref="DataFrame"/>s: one summary row per evaluation and one breakdown per group
/// (factor count, smallest factor, decile, larger operand…), with the problem's own rates. Fractions are <see cref="double"/> columns, counts are
/// integer columns; the page shows doubles as percentages and the CSV files keep the raw fractions.
/// </summary>
public static class MetricsTables
{
    /// <summary>One row per evaluation: split, inputs, beams, top-1, any-of-k, verified, malformed.</summary>
    public static DataFrame Summary(IReadOnlyList<EvaluationReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        return new DataFrame(
            new StringDataFrameColumn("split", reports.Select(r => r.Split)),
            new Int64DataFrameColumn("inputs", reports.Select(r => (long)r.Count)),
            new Int64DataFrameColumn("beams", reports.Select(r => (long)r.Beams)),
            new DoubleDataFrameColumn("top-1", reports.Select(r => r.Top1Accuracy)),
            new DoubleDataFrameColumn("any-of-k", reports.Select(r => r.AnyOfKAccuracy)),
            new DoubleDataFrameColumn("verified", reports.Select(r => r.VerifiedAccuracy)),
            new DoubleDataFrameColumn("malformed", reports.Select(r => r.MalformedRate)));
    }

    /// <summary>Every group of every evaluation, buckets in their natural order (numbers numerically).</summary>
    public static IEnumerable<(string Split, string Group, DataFrame Table)> Breakdowns(IReadOnlyList<EvaluationReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        foreach (var r in reports)
            foreach (var (group, buckets) in r.Groups)
            {
                var rows = BucketOrder.Sort(buckets).ToArray();
                var columns = new List<DataFrameColumn>
                {
                    new StringDataFrameColumn(group, rows.Select(b => b.Key)),
                    new Int64DataFrameColumn("inputs", rows.Select(b => (long)b.Value.Count)),
                    new DoubleDataFrameColumn("top-1", rows.Select(b => b.Value.Top1Accuracy)),
                    new DoubleDataFrameColumn($"any-of-{r.Beams}", rows.Select(b => b.Value.AnyOfKAccuracy)),
                };
                // Then the problem's own rates (factorization: correctProduct, echoRate, ...), one column each.
                foreach (var name in r.Metrics.Keys)
                    columns.Add(new DoubleDataFrameColumn(name, rows.Select(b => b.Value.Metrics.GetValueOrDefault(name))));
                yield return (r.Split, group, new DataFrame(columns));
            }
    }
}
