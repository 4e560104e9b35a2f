namespace NeuralMath.Evaluation;

/// <summary>
/// Evaluation metrics of NeuralMath predictions, in ML.NET's style (read-only properties). Built from the core's
/// <see cref="EvaluationReport"/>, the one metrics implementation (the CLI's <c>eval --json</c> reports the same numbers).
/// </summary>
public sealed class MathMetrics
{
    internal MathMetrics(EvaluationReport report) => Report = report;

    /// <summary>The full report (histogram of the first correct beam, all groups, JSON contract of the CLI).</summary>
    public EvaluationReport Report { get; }

    /// <summary>Inputs evaluated (rows whose input is not a valid problem input are not counted).</summary>
    public int Count => Report.Count;

    /// <summary>Beams per input.</summary>
    public int Beams => Report.Beams;

    /// <summary>Fraction whose top beam is correct: the headline.</summary>
    public double Top1Accuracy => Report.Top1Accuracy;

    /// <summary>Fraction with a correct answer among the beams (an oracle: it needs the answer to know which).</summary>
    public double AnyOfKAccuracy => Report.AnyOfKAccuracy;

    /// <summary>Fraction whose first beam that passes the exact check is correct (no answer key needed).</summary>
    public double VerifiedAccuracy => Report.VerifiedAccuracy;

    /// <summary>Fraction whose top beam did not parse.</summary>
    public double MalformedRate => Report.MalformedRate;

    /// <summary>Factorization: top beam multiplies back to n (null for other problems).</summary>
    public double? CorrectProduct => Report.Metric("correctProduct");

    /// <summary>Factorization: composite inputs answered with themselves (null for other problems).</summary>
    public double? EchoRate => Report.Metric("echoRate");

    /// <summary>Factorization: metrics by number of prime factors (null for other problems).</summary>
    public IReadOnlyDictionary<string, GroupMetrics>? ByFactorCount => Report.Groups.GetValueOrDefault("factorCount");

    /// <summary>The problem's own rates of the top beam, by name (factorization: correctProduct, correctFactorization, echoRate; gcd: commonDivisor).</summary>
    public IReadOnlyDictionary<string, double> ProblemMetrics => Report.Metrics;

    /// <summary>Metrics by every group the problem defines (e.g. factorCount, smallestFactor, decile).</summary>
    public IReadOnlyDictionary<string, SortedDictionary<string, GroupMetrics>> Groups => Report.Groups;
}
