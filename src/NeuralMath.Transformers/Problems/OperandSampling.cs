using System.Numerics;
using NeuralMath.Data;

namespace NeuralMath.Problems;

/// <summary>
/// Seeded operand draws in exact integer arithmetic (no floating point, no System.Random), so a sample is the same on
/// every machine and runtime. Draw i of a stream comes from its own generator (seed, i): a pure function of the two.
/// </summary>
internal static class OperandSampling
{
    /// <summary><paramref name="count"/> draws, draw i made by <paramref name="draw"/> from the generator (seed, i).</summary>
    public static IEnumerable<long[]> Draws(ulong seed, long count, Func<SeededRandom, long[]> draw)
    {
        for (long i = 0; i < count; i++) yield return draw(new SeededRandom(seed, (ulong)i));
    }

    /// <summary>The pairs in order of first appearance, repeats dropped.</summary>
    public static IEnumerable<long[]> DistinctPairs(IEnumerable<long[]> pairs)
    {
        var seen = new HashSet<(long, long)>();
        foreach (var p in pairs)
            if (seen.Add((p[0], p[1]))) yield return p;
    }

    /// <summary>A uniform integer in [<paramref name="lo"/>, <paramref name="hi"/>] (0 ≤ lo ≤ hi).</summary>
    public static long Uniform(SeededRandom rng, long lo, long hi) => lo + (long)rng.NextUInt64((ulong)(hi - lo) + 1);

    /// <summary>
    /// An integer x in [<paramref name="lo"/>, <paramref name="hi"/>] (0 ≤ lo ≤ hi) with probability exactly proportional
    /// to 1 / y, y = x − lo + 1. Rejection: pick an octave [2^k, 2^(k+1)) uniformly, y uniform in it, keep y with
    /// probability 2^k / y; then P(y) ∝ 2^-k · 2^k / y = 1 / y, and at least half the draws are kept.
    /// </summary>
    public static long LogUniform(SeededRandom rng, long lo, long hi)
    {
        ulong n = (ulong)(hi - lo) + 1; // y in [1, n]
        int octaves = 64 - BitOperations.LeadingZeroCount(n);
        while (true)
        {
            int k = rng.NextInt(octaves);
            ulong low = 1UL << k;
            ulong y = low + rng.NextUInt64(low);
            if (y <= n && rng.NextUInt64(y) < low) return lo + (long)(y - 1);
        }
    }
}
