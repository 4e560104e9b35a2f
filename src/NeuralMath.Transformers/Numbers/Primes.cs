namespace NeuralMath.Numbers;

/// <summary>Exact primality and factorization for 64-bit integers.</summary>
public static class Primes
{
    /// <summary>
    /// Deterministic Miller-Rabin: exact for every n &lt; 2^64 (bases 2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37).
    /// </summary>
    public static bool IsPrime(ulong n) => throw new NotImplementedException();

    /// <summary>True when n is prime (negative numbers, 0 and 1 are not).</summary>
    public static bool IsPrime(long n) => n > 1 && IsPrime((ulong)n);

    /// <summary>Prime factors of n ≥ 2, ascending, with multiplicity (e.g. 12 → 2, 2, 3).</summary>
    public static long[] Factorize(long n) => throw new NotImplementedException();
}
