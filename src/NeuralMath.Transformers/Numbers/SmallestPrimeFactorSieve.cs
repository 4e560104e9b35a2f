namespace NeuralMath.Numbers;

/// <summary>
/// Smallest-prime-factor table for all n below a limit: factorization labels for a whole range in one pass.
/// </summary>
/// <remarks>
/// Built with a sieve of Eratosthenes that records, for each composite, the first prime that strikes it
/// (primes are struck in ascending order, so the first is the smallest). Factorizing n then takes one table
/// lookup per prime factor. Memory is 4 bytes per number (64 MB for 2^24).
/// </remarks>
public sealed class SmallestPrimeFactorSieve
{
    private readonly int[] _spf;

    /// <summary>Builds the table for 0 ≤ n &lt; <paramref name="limit"/>.</summary>
    public SmallestPrimeFactorSieve(int limit)
    {
        if (limit < 2 || limit > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"The sieve limit must be in [2, {Array.MaxLength}] (it covers 2 ≤ n < limit).");
        Limit = limit;
        _spf = new int[limit];
        var spf = _spf;
        // Evens first, so the main loop can step over odd multiples only.
        for (int j = 2; j < limit; j += 2) spf[j] = 2;
        for (long p = 3; p * p < limit; p += 2)
        {
            if (spf[p] != 0) continue; // composite: its multiples were struck by a smaller prime
            for (long j = p * p; j < limit; j += 2 * p)
                if (spf[j] == 0) spf[j] = (int)p;
        }
        // Whatever is still unstruck is prime and is its own smallest factor.
        for (int n = 3; n < limit; n += 2)
            if (spf[n] == 0) spf[n] = n;
    }

    /// <summary>The exclusive upper bound of the table.</summary>
    public int Limit { get; }

    /// <summary>Smallest prime factor of 2 ≤ n &lt; Limit.</summary>
    public int SmallestFactor(long n) => _spf[Check(n)];

    /// <summary>True when 2 ≤ n &lt; Limit is prime.</summary>
    public bool IsPrime(long n) => _spf[Check(n)] == n;

    /// <summary>Prime factors of 2 ≤ n &lt; Limit, ascending, with multiplicity.</summary>
    public long[] Factorize(long n)
    {
        int m = Check(n);
        // One pass into a stack buffer (an int has at most 30 prime factors), then one exact-size allocation.
        Span<long> buffer = stackalloc long[32];
        int count = 0;
        for (int r = m; r > 1; count++)
        {
            int p = _spf[r];
            buffer[count] = p;
            r /= p;
        }
        return buffer[..count].ToArray();
    }

    private int Check(long n)
    {
        if (n < 2 || n >= Limit)
            throw new ArgumentOutOfRangeException(nameof(n), n, $"The sieve answers for 2 ≤ n < {Limit}.");
        return (int)n;
    }
}
