using System.Numerics;

namespace NeuralMath.Numbers;

/// <summary>Exact primality and factorization for 64-bit integers.</summary>
/// <remarks>
/// Factorize uses a shared smallest-prime-factor sieve below <see cref="SieveLimit"/> (so labelling a whole
/// training range costs one lookup per factor), and above it trial division by small primes followed by
/// Pollard's rho (Brent's variant) with Miller-Rabin, which splits any int64 in milliseconds.
/// </remarks>
public static class Primes
{
    /// <summary>Numbers below this are factorized with a shared sieve (built on first use, 64 MB).</summary>
    public const int SieveLimit = 1 << 24;

    // Bases 2..37: deterministic for every n < 3.3·10^24, hence for all of ulong.
    private static readonly ulong[] WitnessBases = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];

    // Trial division bound before Pollard rho: strips the common small factors cheaply.
    private const int TrialDivisionBound = 1024;

    private static readonly int[] SmallPrimes = SmallPrimesBelow(TrialDivisionBound);

    private static readonly Lazy<SmallestPrimeFactorSieve> SharedSieve =
        new(() => new SmallestPrimeFactorSieve(SieveLimit), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Deterministic Miller-Rabin: exact for every n &lt; 2^64 (bases 2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37).
    /// </summary>
    public static bool IsPrime(ulong n)
    {
        if (n < 2) return false;
        foreach (ulong p in WitnessBases)
        {
            if (n == p) return true;
            if (n % p == 0) return false;
        }
        if (n < 41 * 41) return true; // no prime factor ≤ 37 and below 41²: prime
        ulong d = n - 1;
        int s = BitOperations.TrailingZeroCount(d);
        d >>= s;
        foreach (ulong a in WitnessBases)
            if (!IsStrongProbablePrime(n, a, d, s)) return false;
        return true;
    }

    /// <summary>True when n is prime (negative numbers, 0 and 1 are not).</summary>
    public static bool IsPrime(long n) => n > 1 && IsPrime((ulong)n);

    /// <summary>Prime factors of n ≥ 2, ascending, with multiplicity (e.g. 12 → 2, 2, 3).</summary>
    public static long[] Factorize(long n)
    {
        if (n < 2) throw new ArgumentOutOfRangeException(nameof(n), n, "Only integers ≥ 2 have a prime factorization.");
        if (n < SieveLimit) return SharedSieve.Value.Factorize(n);

        var factors = new List<long>(8);
        ulong rest = (ulong)n;
        foreach (int p in SmallPrimes)
        {
            if ((ulong)p * (ulong)p > rest) break;
            while (rest % (ulong)p == 0)
            {
                factors.Add(p);
                rest /= (ulong)p;
            }
        }
        if (rest > 1) SplitLarge(rest, factors);
        factors.Sort(); // rho finds factors in no particular order
        return [.. factors];
    }

    /// <summary>a·b mod m for a, b &lt; m, without overflow.</summary>
    internal static ulong MulMod(ulong a, ulong b, ulong m) =>
        m <= uint.MaxValue ? a * b % m : (ulong)((UInt128)a * b % m); // small m: the product fits in 64 bits

    /// <summary>b^e mod m.</summary>
    internal static ulong PowMod(ulong b, ulong e, ulong m)
    {
        ulong result = 1 % m;
        b %= m;
        for (; e != 0; e >>= 1)
        {
            if ((e & 1) != 0) result = MulMod(result, b, m);
            b = MulMod(b, b, m);
        }
        return result;
    }

    private static bool IsStrongProbablePrime(ulong n, ulong a, ulong d, int s)
    {
        ulong x = PowMod(a, d, n);
        if (x == 1 || x == n - 1) return true;
        for (int r = 1; r < s; r++)
        {
            x = MulMod(x, x, n);
            if (x == n - 1) return true;
        }
        return false;
    }

    // Appends the prime factors of m > 1 (which has no factor below the trial-division bound, or is prime).
    private static void SplitLarge(ulong m, List<long> factors)
    {
        if (IsPrime(m))
        {
            factors.Add((long)m);
            return;
        }
        ulong d = FindDivisor(m);
        SplitLarge(d, factors);
        SplitLarge(m / d, factors);
    }

    // A nontrivial divisor of an odd composite m; a failed rho (divisor m) just retries with another constant.
    private static ulong FindDivisor(ulong m)
    {
        for (ulong c = 1; ; c++)
        {
            ulong d = BrentRho(m, c);
            if (d != 1 && d != m) return d;
        }
    }

    // Pollard's rho with Brent's cycle detection; gcds are batched over products of 128 differences.
    private static ulong BrentRho(ulong n, ulong c)
    {
        const ulong Batch = 128;
        ulong y = 2, x = 2, ys = 2, q = 1, g = 1;
        for (ulong r = 1; g == 1; r <<= 1)
        {
            x = y;
            for (ulong i = 0; i < r; i++) y = Step(y, c, n);
            for (ulong k = 0; k < r && g == 1; k += Batch)
            {
                ys = y;
                ulong steps = Math.Min(Batch, r - k);
                for (ulong i = 0; i < steps; i++)
                {
                    y = Step(y, c, n);
                    q = MulMod(q, x > y ? x - y : y - x, n);
                }
                g = Gcd(q, n);
            }
        }
        if (g == n)
        {
            // The batch overshot (its product hit 0 mod n): replay it one step at a time.
            do
            {
                ys = Step(ys, c, n);
                g = Gcd(x > ys ? x - ys : ys - x, n);
            }
            while (g == 1);
        }
        return g;
    }

    private static ulong Step(ulong y, ulong c, ulong n)
    {
        ulong v = MulMod(y, y, n) + c; // n < 2^63 here, so no overflow
        return v >= n ? v - n : v;
    }

    private static ulong Gcd(ulong a, ulong b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }

    private static int[] SmallPrimesBelow(int bound)
    {
        var sieve = new SmallestPrimeFactorSieve(bound);
        var primes = new List<int>();
        for (int n = 2; n < bound; n++)
            if (sieve.IsPrime(n)) primes.Add(n);
        return [.. primes];
    }
}
