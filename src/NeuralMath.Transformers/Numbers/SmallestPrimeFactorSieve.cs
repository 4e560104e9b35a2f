namespace NeuralMath.Numbers;

/// <summary>
/// Smallest-prime-factor table for all n below a limit: factorization labels for a whole range in one pass.
/// </summary>
public sealed class SmallestPrimeFactorSieve
{
    /// <summary>Builds the table for 0 ≤ n &lt; <paramref name="limit"/>.</summary>
    public SmallestPrimeFactorSieve(int limit) => throw new NotImplementedException();

    /// <summary>The exclusive upper bound of the table.</summary>
    public int Limit { get; }

    /// <summary>Smallest prime factor of 2 ≤ n &lt; Limit.</summary>
    public int SmallestFactor(long n) => throw new NotImplementedException();

    /// <summary>True when 2 ≤ n &lt; Limit is prime.</summary>
    public bool IsPrime(long n) => throw new NotImplementedException();

    /// <summary>Prime factors of 2 ≤ n &lt; Limit, ascending, with multiplicity.</summary>
    public long[] Factorize(long n) => throw new NotImplementedException();
}
