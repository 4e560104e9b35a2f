using NeuralMath.Problems;

namespace NeuralMath.Data;

/// <summary>
/// Turns <c>training.oversample</c> (copies per <c>group:bucket</c>) into a copy count per training input.
/// Why buckets: a short run learns the easy inputs first (for factorization, the numbers whose last digit shows a
/// factor) and the rest barely; the problem's own metric groups name those parts without new code per problem.
/// </summary>
internal static class Oversampling
{
    /// <summary>
    /// Copies of each input (1 when it is in no listed bucket; the largest count when in several). Throws naming the
    /// setting when a key matches no input, listing the buckets that exist.
    /// </summary>
    public static int[] Copies(MathProblem problem, IReadOnlyList<long[]> inputs, IReadOnlyDictionary<string, int> copiesByBucket)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(copiesByBucket);
        var copies = new int[inputs.Count];
        Array.Fill(copies, 1);
        if (copiesByBucket.Count == 0) return copies;
        var used = new HashSet<string>(StringComparer.Ordinal);
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < inputs.Count; i++)
        {
            foreach (var (group, bucket) in problem.MetricGroups(inputs[i]))
            {
                string key = $"{group}:{bucket}";
                seen.Add(key);
                if (copiesByBucket.TryGetValue(key, out int c))
                {
                    copies[i] = Math.Max(copies[i], c);
                    used.Add(key);
                }
            }
        }
        foreach (var key in copiesByBucket.Keys)
            if (!used.Contains(key))
                throw new ArgumentOutOfRangeException("training.oversample", $"training.oversample: no training input of {problem.Name} is in '{key}'; its buckets are {string.Join(", ", seen)}.");
        return copies;
    }
}
