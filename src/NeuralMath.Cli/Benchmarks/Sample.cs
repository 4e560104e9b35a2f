using System.Text.Json.Nodes;

namespace NeuralMath.Cli.Benchmarks;

/// <summary>Repeated measurements of one figure, summarised as median and spread.</summary>
internal sealed class Sample(IEnumerable<double> values)
{
    private readonly double[] _sorted = values.Order().ToArray();

    public int Count => _sorted.Length;

    public double Median => Quantile(0.5);

    public double Min => _sorted[0];

    public double Max => _sorted[^1];

    /// <summary>Linear-interpolated quantile of the measurements, q in [0, 1].</summary>
    public double Quantile(double q)
    {
        if (_sorted.Length == 0) throw new InvalidOperationException("No measurements.");
        double position = q * (_sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, _sorted.Length - 1);
        return _sorted[below] + (position - below) * (_sorted[above] - _sorted[below]);
    }

    /// <summary>{ median, min, max, p10, p90, n } with values rounded to 4 significant digits.</summary>
    public JsonObject ToJson() => new()
    {
        ["median"] = Round(Median),
        ["min"] = Round(Min),
        ["max"] = Round(Max),
        ["p10"] = Round(Quantile(0.1)),
        ["p90"] = Round(Quantile(0.9)),
        ["n"] = Count,
    };

    public static double Round(double value) =>
        value == 0 || !double.IsFinite(value) ? value : Math.Round(value, Math.Max(0, 3 - (int)Math.Floor(Math.Log10(Math.Abs(value)))));
}
