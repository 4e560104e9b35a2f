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
        ArgumentNullException.ThrowIfNull(copiesByBucket);
        var matches = MetricBuckets.Match(problem, inputs, copiesByBucket.Keys.ToArray(), "training.oversample");
        return matches.Select(keys => keys.Aggregate(1, (c, key) => Math.Max(c, copiesByBucket[key]))).ToArray();
    }
}
