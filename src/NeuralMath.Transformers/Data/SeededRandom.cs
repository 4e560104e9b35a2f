using System.Numerics;

namespace NeuralMath.Data;

/// <summary>
/// xoshiro256** seeded through SplitMix64: a small, fully specified generator, so seeded shuffles are the same
/// on every machine and every .NET version (System.Random's algorithm is an implementation detail).
/// </summary>
internal sealed class SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>A generator for a seed and a stream (e.g. an epoch number), mixed so nearby pairs are unrelated.</summary>
    public SeededRandom(ulong seed, ulong stream = 0)
    {
        ulong state = SplitMix64.Mix(seed) ^ SplitMix64.Mix(stream + SplitMix64.Gamma);
        _s0 = SplitMix64.Next(ref state);
        _s1 = SplitMix64.Next(ref state);
        _s2 = SplitMix64.Next(ref state);
        _s3 = SplitMix64.Next(ref state); // SplitMix64 never yields four zero words in a row
    }

    /// <summary>The next 64 uniformly random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform integer in [0, <paramref name="bound"/>), without modulo bias (Lemire's method).</summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        return (int)NextUInt64((ulong)bound);
    }

    /// <summary>A uniform integer in [0, <paramref name="bound"/>), without modulo bias (Lemire's method).</summary>
    public ulong NextUInt64(ulong bound)
    {
        ArgumentOutOfRangeException.ThrowIfZero(bound);
        UInt128 m = (UInt128)NextUInt64() * bound;
        if ((ulong)m < bound)
        {
            ulong threshold = (0 - bound) % bound; // 2^64 mod bound
            while ((ulong)m < threshold) m = (UInt128)NextUInt64() * bound;
        }
        return (ulong)(m >> 64);
    }

    /// <summary>Fisher-Yates shuffle in place.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}

/// <summary>SplitMix64 (Steele, Lea, Flood 2014): a bijective 64-bit mixer and a simple seeded stream.</summary>
internal static class SplitMix64
{
    /// <summary>The stream increment (2^64 / golden ratio, odd).</summary>
    public const ulong Gamma = 0x9E3779B97F4A7C15;

    /// <summary>The SplitMix64 finaliser: a bijection that scrambles every input bit into every output bit.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    /// <summary>Advances <paramref name="state"/> and returns the next output.</summary>
    public static ulong Next(ref ulong state) => Mix(state += Gamma);

    /// <summary>The top 53 bits as a uniform double in [0, 1).</summary>
    public static double ToUnitInterval(ulong bits) => (bits >> 11) * (1.0 / (1UL << 53));
}
