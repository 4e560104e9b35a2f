using NeuralMath.Numbers;

namespace NeuralMath.Tests.Numbers;

public class SmallestPrimeFactorSieveTests
{
    [Fact]
    public void MatchesTrialDivision_ForEveryNumberBelow100k()
    {
        var sieve = new SmallestPrimeFactorSieve(100_000);
        Assert.Equal(100_000, sieve.Limit);
        for (long n = 2; n < 100_000; n++)
        {
            long expected = TrialDivision.SmallestFactor(n);
            Assert.True(expected == sieve.SmallestFactor(n), $"SmallestFactor({n})");
            Assert.Equal(expected == n, sieve.IsPrime(n));
            Assert.Equal(TrialDivision.Factorize(n), sieve.Factorize(n)); // ascending, with multiplicity
        }
    }

    [Fact]
    public void Builds2To22_WithTheRightPrimeCount()
    {
        var sieve = new SmallestPrimeFactorSieve(1 << 22);
        int primes = 0;
        for (int n = 2; n < sieve.Limit; n++)
            if (sieve.IsPrime(n)) primes++;
        Assert.Equal(295_947, primes); // π(2^22)
        Assert.Equal([2L, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2], sieve.Factorize((1 << 22) - (1 << 21)));
        Assert.Equal([3L, 23, 89, 683], sieve.Factorize((1 << 22) - 1)); // (2^11 - 1)(2^11 + 1)
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-10)]
    public void TooSmallLimit_Throws(int limit)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new SmallestPrimeFactorSieve(limit));
        Assert.Equal("limit", e.ParamName);
        Assert.Contains("[2, ", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(0L)]
    [InlineData(-3L)]
    [InlineData(100L)]
    [InlineData(long.MaxValue)]
    public void NumbersOutsideTheTable_Throw_NamingTheRange(long n)
    {
        var sieve = new SmallestPrimeFactorSieve(100);
        foreach (Action call in new Action[] { () => sieve.SmallestFactor(n), () => sieve.IsPrime(n), () => sieve.Factorize(n) })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(call);
            Assert.Contains("2 ≤ n < 100", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SmallestLimits_Work()
    {
        Assert.True(new SmallestPrimeFactorSieve(3).IsPrime(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SmallestPrimeFactorSieve(2).IsPrime(2)); // empty table
        var sieve = new SmallestPrimeFactorSieve(10);
        Assert.Equal([2L, 2, 2], sieve.Factorize(8));
        Assert.Equal(3, sieve.SmallestFactor(9));
    }
}
