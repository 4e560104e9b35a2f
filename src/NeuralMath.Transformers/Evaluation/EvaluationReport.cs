using System.Globalization;
using System.Text.Json.Serialization;
using NeuralMath.Problems;
using NeuralMath.Tokenization;

namespace NeuralMath.Evaluation;

/// <summary>Accuracy of one group of inputs (e.g. the inputs with three prime factors).</summary>
public sealed class GroupMetrics : IJsonOnSerializing, IJsonOnDeserialized
{
    /// <summary>Inputs in the group.</summary>
    public int Count { get; set; }

    /// <summary>Fraction whose top beam is correct.</summary>
    public double Top1Accuracy { get; set; }

    /// <summary>Fraction with a correct answer among the k beams (what verification can recover).</summary>
    public double AnyOfKAccuracy { get; set; }

    /// <summary>The problem's <see cref="AnswerMetric"/>s over the group, by name (in JSON: fields of the group, e.g. <c>echoRate</c>).</summary>
    [JsonIgnore]
    public SortedDictionary<string, double> Metrics { get; set; } = new(StringComparer.Ordinal);

    // The JSON form of Metrics: one field each. Filled just before writing and emptied just after reading.
    [JsonExtensionData]
    [JsonInclude]
    private Dictionary<string, object>? MetricFields { get; set; }

    void IJsonOnSerializing.OnSerializing() => MetricFields = Metrics.Count == 0 ? null : Metrics.ToDictionary(m => m.Key, m => (object)m.Value, StringComparer.Ordinal);

    void IJsonOnDeserialized.OnDeserialized()
    {
        Metrics = ProblemFields.ReadNumbers(MetricFields);
        MetricFields = null;
    }
}

/// <summary>
/// Metrics of one evaluation, computed from outputs cut at the first <c>[EOS]</c>. Property names are the
/// stable JSON contract of <c>neuralmath eval --json</c>; so are the problem's own fields, written at the top level
/// (factorization: <c>correctProduct</c>, <c>correctFactorization</c>, <c>echoRate</c>, <c>byFactorCount</c>).
/// </summary>
public sealed class EvaluationReport : IJsonOnSerializing, IJsonOnDeserialized
{
    /// <summary>Problem name.</summary>
    public string Problem { get; set; } = "";

    /// <summary>validation, test, oos, train, range:A-B or lengths:A-B.</summary>
    public string Split { get; set; } = "";

    /// <summary>Inputs evaluated.</summary>
    public int Count { get; set; }

    /// <summary>Beams per input.</summary>
    public int Beams { get; set; }

    /// <summary>Fraction whose top beam is correct (the honest headline).</summary>
    public double Top1Accuracy { get; set; }

    /// <summary>Fraction with a correct answer in any of the k beams (needs the answer to know which: an oracle).</summary>
    public double AnyOfKAccuracy { get; set; }

    /// <summary>
    /// Fraction whose best verified beam is correct: pick the first beam that passes the problem's exact check,
    /// no answer key needed. Equals any-of-k when the check is exact, as it is for every problem here.
    /// </summary>
    public double VerifiedAccuracy { get; set; }

    /// <summary>Fraction whose top beam did not parse.</summary>
    public double MalformedRate { get; set; }

    /// <summary>Histogram of the index of the first correct beam (−1: none).</summary>
    public SortedDictionary<int, int> FirstCorrectBeam { get; set; } = [];

    /// <summary>Metrics by every group the problem defines, plus input decile (a multitask model's: by task; deciles are in each task's report).</summary>
    public SortedDictionary<string, SortedDictionary<string, GroupMetrics>> Groups { get; set; } = [];

    /// <summary>Wall time of decoding and checking, seconds.</summary>
    public double Seconds { get; set; }

    /// <summary>
    /// The problem's <see cref="AnswerMetric"/>s over all inputs, by name, e.g. factorization's <c>echoRate</c>
    /// (in JSON: top-level fields). Empty for a problem without any.
    /// </summary>
    [JsonIgnore]
    public SortedDictionary<string, double> Metrics { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Top-level JSON fields that repeat a group (<see cref="MetricGroup.ReportField"/>), field → group, e.g.
    /// <c>byFactorCount</c> → <c>factorCount</c>.
    /// </summary>
    [JsonIgnore]
    public SortedDictionary<string, string> GroupFields { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// A multitask model's report per task, by task name: each computed by the task's own problem over the task's inputs,
    /// with its own groups and rates. The fields of this report pool every input (each counts once, so a task weighs by
    /// its number of inputs). Null for a single-problem model.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SortedDictionary<string, EvaluationReport>? Tasks { get; set; }

    /// <summary>The named metric, or null when the problem does not define it.</summary>
    public double? Metric(string name) => Metrics.TryGetValue(name, out double value) ? value : null;

    // The JSON form of Metrics and GroupFields. Filled just before writing and emptied just after reading.
    [JsonExtensionData]
    [JsonInclude]
    private Dictionary<string, object>? ProblemFieldValues { get; set; }

    void IJsonOnSerializing.OnSerializing()
    {
        var fields = Metrics.ToDictionary(m => m.Key, m => (object)m.Value, StringComparer.Ordinal);
        foreach (var (field, group) in GroupFields)
            if (Groups.TryGetValue(group, out var buckets)) fields[field] = buckets;
        ProblemFieldValues = fields.Count == 0 ? null : fields;
    }

    void IJsonOnDeserialized.OnDeserialized()
    {
        Metrics = ProblemFields.ReadNumbers(ProblemFieldValues); // repeated groups are already in Groups
        ProblemFieldValues = null;
    }

    /// <summary>
    /// Computes the report from checked predictions. With <paramref name="operandLengths"/> (a two-operand problem's
    /// tokenizer), inputs are also grouped by the digits of each operand in its base: the <see cref="LengthGrid"/> group
    /// (for a multitask model, in each task's report). A multitask model's report also gets one report per task (<see cref="Tasks"/>).
    /// </summary>
    public static EvaluationReport Create(MathProblem problem, string split, int beams, IReadOnlyList<Prediction> predictions, double seconds,
        MathTokenizer? operandLengths = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(predictions);
        var metrics = problem.AnswerMetrics;
        var all = new Accumulator(metrics.Count);
        var groups = new SortedDictionary<string, SortedDictionary<string, Accumulator>>(StringComparer.Ordinal);
        var histogram = new SortedDictionary<int, int>();
        var deciles = Deciles(predictions);
        var applies = new bool[metrics.Count];
        var holds = new bool[metrics.Count];
        for (int i = 0; i < predictions.Count; i++)
        {
            var p = predictions[i];
            var answer = p.Beams.Count > 0 ? p.Beams[0].Answer : null;
            for (int m = 0; m < metrics.Count; m++)
            {
                applies[m] = metrics[m].AppliesTo?.Invoke(p.Input) ?? true;
                holds[m] = applies[m] && answer is not null && metrics[m].Holds(p.Input, answer);
            }
            all.Add(p, applies, holds);
            int first = p.VerifiedBeam;
            histogram[first] = histogram.GetValueOrDefault(first) + 1;
            // Deciles of a multitask model's inputs would mix the tasks' ranges: each task's own report has them.
            var memberships = problem.Tasks.Count > 0 ? problem.MetricGroups(p.Input) : problem.MetricGroups(p.Input).Append(("decile", deciles[i]));
            if (operandLengths is not null && problem.Tasks.Count == 0) memberships = memberships.Append((LengthGrid.Group, LengthGrid.Bucket(operandLengths, p.Input)));
            foreach (var (group, bucket) in memberships)
            {
                if (!groups.TryGetValue(group, out var buckets)) groups[group] = buckets = new(StringComparer.Ordinal);
                if (!buckets.TryGetValue(bucket, out var acc)) buckets[bucket] = acc = new Accumulator(metrics.Count);
                acc.Add(p, applies, holds);
            }
        }
        var total = all.ToMetrics(metrics);
        return new EvaluationReport
        {
            Problem = problem.Name,
            Split = split,
            Count = predictions.Count,
            Beams = beams,
            Top1Accuracy = total.Top1Accuracy,
            AnyOfKAccuracy = total.AnyOfKAccuracy,
            VerifiedAccuracy = total.AnyOfKAccuracy,
            MalformedRate = all.Count == 0 ? 0 : (double)all.Malformed / all.Count,
            FirstCorrectBeam = histogram,
            Groups = new(groups.ToDictionary(g => g.Key, g => new SortedDictionary<string, GroupMetrics>(
                g.Value.ToDictionary(b => b.Key, b => b.Value.ToMetrics(metrics)), BucketComparer.Instance)), StringComparer.Ordinal),
            Seconds = seconds,
            Metrics = total.Metrics,
            GroupFields = new(problem.Groups.Where(g => g.ReportField is not null).ToDictionary(g => g.ReportField!, g => g.Name), StringComparer.Ordinal),
            Tasks = problem.Tasks.Count > 0 ? TaskReports(problem, split, beams, predictions, seconds, operandLengths) : null,
        };
    }

    // Each task's inputs, measured by the task's own problem; the decoding time is shared out by input count.
    private static SortedDictionary<string, EvaluationReport> TaskReports(MathProblem problem, string split, int beams, IReadOnlyList<Prediction> predictions,
        double seconds, MathTokenizer? operandLengths)
    {
        var reports = new SortedDictionary<string, EvaluationReport>(StringComparer.Ordinal);
        foreach (var (task, own) in TaskPredictions.Split(problem, predictions))
            reports[task.Name] = Create(task.Problem, split, beams, own, seconds * own.Length / Math.Max(1, predictions.Count), operandLengths);
        return reports;
    }

    // Decile of each input by its largest operand, over the evaluated set (ties share a decile by rank).
    private static string[] Deciles(IReadOnlyList<Prediction> predictions)
    {
        var order = Enumerable.Range(0, predictions.Count).OrderBy(i => predictions[i].Input.Max()).ToArray();
        var result = new string[predictions.Count];
        for (int rank = 0; rank < order.Length; rank++)
            result[order[rank]] = "d" + (1 + rank * 10 / Math.Max(order.Length, 1)).ToString("00", CultureInfo.InvariantCulture);
        return result;
    }

    private sealed class Accumulator(int metricCount)
    {
        public int Count, Top1, Any, Malformed;
        private readonly int[] _applies = new int[metricCount], _holds = new int[metricCount];

        public void Add(Prediction p, bool[] applies, bool[] holds)
        {
            Count++;
            var top = p.Beams.Count > 0 ? p.Beams[0] : null;
            if (top is null || top.Answer is null) Malformed++;
            if (top is not null && top.Verdict.Correct) Top1++;
            if (p.VerifiedBeam >= 0) Any++;
            for (int m = 0; m < applies.Length; m++)
            {
                if (applies[m]) _applies[m]++;
                if (holds[m]) _holds[m]++;
            }
        }

        public GroupMetrics ToMetrics(IReadOnlyList<AnswerMetric> metrics) => new()
        {
            Count = Count,
            Top1Accuracy = Ratio(Top1, Count),
            AnyOfKAccuracy = Ratio(Any, Count),
            Metrics = new(Enumerable.Range(0, metrics.Count).ToDictionary(m => metrics[m].Name, m => Ratio(_holds[m], _applies[m])), StringComparer.Ordinal),
        };

        // A metric over no inputs (echo rate of primes only) is 0, not NaN: JSON has no NaN.
        private static double Ratio(int x, int of) => of == 0 ? 0 : (double)x / of;
    }

    // Natural order: runs of digits compare as numbers ("2" before "10", "900-999" before "1000-9999", "2x9" before
    // "2x10"), the rest as text; a bucket that starts with a number comes before one that does not.
    private sealed class BucketComparer : IComparer<string>
    {
        public static readonly BucketComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            x ??= "";
            y ??= "";
            int i = 0, j = 0;
            while (i < x.Length && j < y.Length)
            {
                bool dx = char.IsAsciiDigit(x[i]), dy = char.IsAsciiDigit(y[j]);
                if (dx != dy) return dx ? -1 : 1;
                if (!dx)
                {
                    if (x[i] != y[j]) return x[i].CompareTo(y[j]);
                    i++;
                    j++;
                    continue;
                }
                int si = i, sj = j;
                while (i < x.Length && char.IsAsciiDigit(x[i])) i++;
                while (j < y.Length && char.IsAsciiDigit(y[j])) j++;
                var a = x.AsSpan(si, i - si).TrimStart('0');
                var b = y.AsSpan(sj, j - sj).TrimStart('0');
                int byNumber = a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.SequenceCompareTo(b);
                if (byNumber != 0) return byNumber;
            }
            int byLength = (x.Length - i).CompareTo(y.Length - j);
            return byLength != 0 ? byLength : string.CompareOrdinal(x, y);
        }
    }
}
