namespace NeuralMath.Search;

/// <summary>What a build ranks its trials by, measured on the validation split.</summary>
public enum SearchMetric
{
    /// <summary>The top beam is right (validation top-1).</summary>
    Top1,

    /// <summary>Some beam among k is right (needs <c>training.validationBeams</c> ≥ 2; the build sets it).</summary>
    AnyOfK,

    /// <summary>
    /// The first beam that passes the problem's exact check is right. Every problem here has an exact check, so this equals
    /// any-of-k; it is a separate name so that a problem with a partial check can rank by it later.
    /// </summary>
    Verified,
}

/// <summary>Names and parses <see cref="SearchMetric"/>s.</summary>
public static class SearchMetrics
{
    /// <summary>Whether ranking by this metric needs more than one validation beam.</summary>
    public static bool NeedsBeams(this SearchMetric metric) => metric != SearchMetric.Top1;

    /// <summary>The name used on the command line and in build.json: top1, anyOfK, verified.</summary>
    public static string Name(this SearchMetric metric) => metric switch
    {
        SearchMetric.Top1 => "top1",
        SearchMetric.AnyOfK => "anyOfK",
        SearchMetric.Verified => "verified",
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric."),
    };

    /// <summary>Parses <see cref="Name"/>'s spelling (case-insensitive); throws <see cref="ArgumentException"/> naming the choices.</summary>
    public static SearchMetric Parse(string text) => text?.ToUpperInvariant() switch
    {
        "TOP1" => SearchMetric.Top1,
        "ANYOFK" => SearchMetric.AnyOfK,
        "VERIFIED" => SearchMetric.Verified,
        _ => throw new ArgumentException($"--metric '{text}' is not one of top1, anyOfK, verified."),
    };
}
