namespace NeuralMath.Tests.Numbers;

/// <summary>
/// An independent, obviously correct oracle: a plain boolean sieve for primes below 2^21 and trial division
/// by them, exact for every n &lt; 2^42.
/// </summary>
internal static class TrialDivision
{
    public const long ExactBelow = 1L << 42;

    private static readonly Lazy<long[]> Primes = new(() =>
    {
        const int Bound = 1 << 21;
        var composite = new bool[Bound];
        var primes = new List<long>();
        for (int i = 2; i < Bound; i++)
        {
            if (composite[i]) continue;
            primes.Add(i);
            for (long j = (long)i * i; j < Bound; j += i) composite[j] = true;
        }
        return [.. primes];
    });

    /// <summary>Smallest prime factor of 2 ≤ n &lt; 2^42.</summary>
    public static long SmallestFactor(long n)
    {
        if (n < 2 || n >= ExactBelow) throw new ArgumentOutOfRangeException(nameof(n));
        foreach (long p in Primes.Value)
        {
            if (p * p > n) break;
            if (n % p == 0) return p;
        }
        return n;
    }

    public static bool IsPrime(long n) => n >= 2 && SmallestFactor(n) == n;

    public static long[] Factorize(long n)
    {
        var factors = new List<long>();
        while (n > 1)
        {
            long p = SmallestFactor(n);
            factors.Add(p);
            n /= p;
        }
        return [.. factors];
    }
}
