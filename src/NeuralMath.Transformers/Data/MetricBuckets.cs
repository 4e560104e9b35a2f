using NeuralMath.Problems;

namespace NeuralMath.Data;

/// <summary>
/// Matches training inputs against <c>group:bucket</c> keys of the problem's metric groups
/// (<see cref="MathProblem.MetricGroups"/>), the one way settings such as <c>training.oversample</c> and
/// <c>training.repeatedFrom</c> name a part of the data without new code per problem.
/// </summary>
internal static class MetricBuckets
{
    /// <summary>
    /// For each input, the listed keys it falls in (empty when none). Throws naming <paramref name="setting"/> when a
    /// key matches no input, listing the buckets that exist.
    /// </summary>
    public static IReadOnlyList<string>[] Match(MathProblem problem, IReadOnlyList<long[]> inputs, IReadOnlyCollection<string> keys, string setting)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(keys);
        var wanted = new HashSet<string>(keys, StringComparer.Ordinal);
        var matches = new IReadOnlyList<string>[inputs.Count];
        var used = new HashSet<string>(StringComparer.Ordinal);
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < inputs.Count; i++)
        {
            List<string>? hit = null;
            if (wanted.Count > 0)
            {
                foreach (var (group, bucket) in problem.MetricGroups(inputs[i]))
                {
                    string key = $"{group}:{bucket}";
                    seen.Add(key);
                    if (wanted.Contains(key)) (hit ??= []).Add(key);
                }
            }
            if (hit is not null) used.UnionWith(hit);
            matches[i] = hit ?? (IReadOnlyList<string>)[];
        }
        foreach (var key in wanted)
            if (!used.Contains(key))
                throw new ArgumentOutOfRangeException(setting, $"{setting}: no training input of {problem.Name} is in '{key}'; its buckets are {string.Join(", ", seen)}.");
        return matches;
    }
}
