namespace NeuralMath.Reports;

/// <summary>Deterministic thinning of large input sets, so a report takes seconds to minutes, not hours.</summary>
internal static class Sampling
{
    /// <summary>Every ⌈count/max⌉-th item, at most <paramref name="max"/> items.</summary>
    public static T[] Stride<T>(IReadOnlyList<T> items, int max)
    {
        if (items.Count <= max) return [.. items];
        int step = (items.Count + max - 1) / max;
        var result = new List<T>(max);
        for (int i = 0; i < items.Count && result.Count < max; i += step) result.Add(items[i]);
        return [.. result];
    }
}
