using System.Globalization;
using System.Text.Json.Serialization;
using NeuralMath.Problems;

namespace NeuralMath.Evaluation;

/// <summary>Accuracy of one group of inputs (e.g. the inputs with three prime factors).</summary>
public sealed class GroupMetrics
{
    /// <summary>Inputs in the group.</summary>
    public int Count { get; set; }

    /// <summary>Fraction whose top beam is correct.</summary>
    public double Top1Accuracy { get; set; }

    /// <summary>Fraction with a correct answer among the k beams (what verification can recover).</summary>
    public double AnyOfKAccuracy { get; set; }

    /// <summary>Fraction whose top beam has the right value (factorization: right product, primes or not).</summary>
    public double CorrectProduct { get; set; }

    /// <summary>Fraction whose top beam repeats the input (factorization: composite called prime).</summary>
    public double EchoRate { get; set; }
}

/// <summary>
/// Metrics of one evaluation, computed from outputs cut at the first <c>[EOS]</c>. Property names are the
/// stable JSON contract of <c>neuralmath eval --json</c>.
/// </summary>
public sealed class EvaluationReport
{
    /// <summary>Problem name.</summary>
    public string Problem { get; set; } = "";

    /// <summary>validation, test, oos, train or range:A-B.</summary>
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
    /// no answer key needed. Equals any-of-k when the check is exact, as it is for factorization and addition.
    /// </summary>
    public double VerifiedAccuracy { get; set; }

    /// <summary>Factorization: top beam's product is n (a wrong "prime" echo also passes this).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? CorrectProduct { get; set; }

    /// <summary>Factorization: top beam is the prime factorization (= top-1 accuracy).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? CorrectFactorization { get; set; }

    /// <summary>Factorization: fraction of composite inputs whose top beam is the input itself.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? EchoRate { get; set; }

    /// <summary>Fraction whose top beam did not parse.</summary>
    public double MalformedRate { get; set; }

    /// <summary>Histogram of the index of the first correct beam (−1: none).</summary>
    public SortedDictionary<int, int> FirstCorrectBeam { get; set; } = [];

    /// <summary>Factorization: metrics by number of prime factors (with multiplicity).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SortedDictionary<string, GroupMetrics>? ByFactorCount { get; set; }

    /// <summary>Metrics by every group the problem defines, plus input decile.</summary>
    public SortedDictionary<string, SortedDictionary<string, GroupMetrics>> Groups { get; set; } = [];

    /// <summary>Wall time of decoding and checking, seconds.</summary>
    public double Seconds { get; set; }

    /// <summary>Computes the report from checked predictions.</summary>
    public static EvaluationReport Create(MathProblem problem, string split, int beams, IReadOnlyList<Prediction> predictions, double seconds)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(predictions);
        var all = new Accumulator();
        var groups = new SortedDictionary<string, SortedDictionary<string, Accumulator>>(StringComparer.Ordinal);
        var histogram = new SortedDictionary<int, int>();
        var deciles = Deciles(predictions);
        int composites = 0, compositeEchoes = 0;
        bool isFactorization = problem is FactorizationProblem;
        for (int i = 0; i < predictions.Count; i++)
        {
            var p = predictions[i];
            all.Add(p);
            int first = p.VerifiedBeam;
            histogram[first] = histogram.GetValueOrDefault(first) + 1;
            foreach (var (group, bucket) in problem.MetricGroups(p.Input).Append(("decile", deciles[i])))
            {
                if (!groups.TryGetValue(group, out var buckets)) groups[group] = buckets = new(StringComparer.Ordinal);
                if (!buckets.TryGetValue(bucket, out var acc)) buckets[bucket] = acc = new Accumulator();
                acc.Add(p);
            }
            if (isFactorization && !Numbers.Primes.IsPrime(p.Input[0]))
            {
                composites++;
                if (p.Beams.Count > 0 && p.Beams[0].Verdict.Echo) compositeEchoes++;
            }
        }
        var total = all.ToMetrics();
        var report = new EvaluationReport
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
                g.Value.ToDictionary(b => b.Key, b => b.Value.ToMetrics()), BucketComparer.Instance)), StringComparer.Ordinal),
            Seconds = seconds,
        };
        if (isFactorization)
        {
            report.CorrectProduct = total.CorrectProduct;
            report.CorrectFactorization = total.Top1Accuracy;
            report.EchoRate = composites == 0 ? 0 : (double)compositeEchoes / composites;
            report.ByFactorCount = report.Groups.GetValueOrDefault("factorCount");
        }
        return report;
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

    private sealed class Accumulator
    {
        public int Count, Top1, Any, Product, Echo, Malformed;

        public void Add(Prediction p)
        {
            Count++;
            var top = p.Beams.Count > 0 ? p.Beams[0] : null;
            if (top is null || top.Answer is null) Malformed++;
            if (top is not null && top.Verdict.Correct) Top1++;
            if (top is not null && top.Verdict.ValueMatches) Product++;
            if (top is not null && top.Verdict.Echo) Echo++;
            if (p.VerifiedBeam >= 0) Any++;
        }

        public GroupMetrics ToMetrics() => new()
        {
            Count = Count,
            Top1Accuracy = Ratio(Top1),
            AnyOfKAccuracy = Ratio(Any),
            CorrectProduct = Ratio(Product),
            EchoRate = Ratio(Echo),
        };

        private double Ratio(int x) => Count == 0 ? 0 : (double)x / Count;
    }

    // Numeric buckets sort as numbers ("2" before "10"); others by text.
    private sealed class BucketComparer : IComparer<string>
    {
        public static readonly BucketComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            bool nx = int.TryParse(x, CultureInfo.InvariantCulture, out int a), ny = int.TryParse(y, CultureInfo.InvariantCulture, out int b);
            return nx && ny ? a.CompareTo(b) : nx ? -1 : ny ? 1 : string.CompareOrdinal(x, y);
        }
    }
}
