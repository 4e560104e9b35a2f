using System.Globalization;

namespace NeuralMath.Reports;

/// <summary>
/// Display order of metric buckets: by the first number in the name ("2" &lt; "11-29" &lt; "101-997" &lt; "&gt;=1009",
/// "d01" &lt; "d10"), names without one ("prime") last. Text order would put "101-997" before "11-29".
/// </summary>
internal static class BucketOrder
{
    public static IEnumerable<KeyValuePair<string, T>> Sort<T>(IEnumerable<KeyValuePair<string, T>> buckets) =>
        buckets.OrderBy(b => FirstNumber(b.Key)).ThenBy(b => b.Key, StringComparer.Ordinal);

    private static long FirstNumber(string name)
    {
        int start = 0;
        while (start < name.Length && !char.IsAsciiDigit(name[start])) start++;
        int end = start;
        while (end < name.Length && char.IsAsciiDigit(name[end])) end++;
        return end > start && long.TryParse(name.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : long.MaxValue;
    }
}
