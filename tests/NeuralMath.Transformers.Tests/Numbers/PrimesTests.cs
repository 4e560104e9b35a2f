using System.Numerics;
using FsCheck.Xunit;
using NeuralMath.Data;
using NeuralMath.Numbers;

namespace NeuralMath.Tests.Numbers;

public class PrimesTests
{
    // Strong pseudoprimes to all prime bases up to 7, 11, 13, 17 and 23: each fools a Miller-Rabin with fewer bases.
    public static readonly TheoryData<ulong> StrongPseudoprimes = new() { 3215031751, 2152302898747, 3474749660383, 341550071728321, 3825123056546413051 };

    public static readonly TheoryData<ulong> CarmichaelNumbers = new() { 561, 41041, 825265 };

    [Fact]
    public void IsPrime_MatchesTrialDivision_ForEveryNumberBelow100k()
    {
        for (long n = -5; n < 100_000; n++)
        {
            bool expected = TrialDivision.IsPrime(n);
            Assert.True(expected == Primes.IsPrime(n), $"IsPrime({n}) should be {expected}");
            if (n >= 0) Assert.Equal(expected, Primes.IsPrime((ulong)n));
        }
    }

    [Theory]
    [MemberData(nameof(StrongPseudoprimes))]
    public void StrongPseudoprimes_AreComposite_ThoughTheyFoolBase2(ulong n)
    {
        // The case is only hard if n really passes a base-2 strong test; check that independently with BigInteger.
        Assert.True(IsStrongProbablePrime(n, 2), $"{n} should be a base-2 strong pseudoprime");
        Assert.False(Primes.IsPrime(n));
        var factors = Primes.Factorize((long)n);
        Assert.True(factors.Length > 1);
        Assert.Equal(n, (ulong)Product(factors));
    }

    [Theory]
    [MemberData(nameof(CarmichaelNumbers))]
    public void CarmichaelNumbers_AreComposite(ulong n)
    {
        Assert.Equal(BigInteger.One, BigInteger.ModPow(2, n - 1, n)); // Fermat's test is fooled
        Assert.False(Primes.IsPrime(n));
        Assert.Equal(TrialDivision.Factorize((long)n), Primes.Factorize((long)n));
    }

    [Theory]
    [InlineData(2147483647UL, true)] // 2^31 - 1
    [InlineData(4294967291UL, true)] // largest prime below 2^32
    [InlineData(4294967297UL, false)] // 2^32 + 1 = 641 · 6700417
    [InlineData(2305843009213693951UL, true)] // 2^61 - 1
    [InlineData(9223372036854775783UL, true)] // largest prime below 2^63
    [InlineData(9223372036854775807UL, false)] // 2^63 - 1
    [InlineData(18446744073709551557UL, true)] // largest prime below 2^64
    [InlineData(18446744030759878681UL, false)] // 4294967291², past the 32-bit mulmod shortcut
    [InlineData(18446744073709551615UL, false)] // 2^64 - 1
    public void IsPrime_KnownValuesUpTo2To64(ulong n, bool prime) => Assert.Equal(prime, Primes.IsPrime(n));

    [Fact]
    public void IsPrime_MatchesTrialDivision_OnRandom42BitNumbers_AndAroundThe32BitBoundary()
    {
        var rng = new Random(20240601);
        for (int i = 0; i < 300; i++)
        {
            long n = rng.NextInt64(2, TrialDivision.ExactBelow);
            Assert.True(TrialDivision.IsPrime(n) == Primes.IsPrime(n), $"IsPrime({n})");
        }
        for (long n = (1L << 32) - 1000; n < (1L << 32) + 1000; n++)
            Assert.True(TrialDivision.IsPrime(n) == Primes.IsPrime(n), $"IsPrime({n})");
    }

    [Property(MaxTest = 300)]
    public bool IsPrime_OnRandom64BitNumbers_AgreesWithFermat_AndProductsAreComposite(ulong seed)
    {
        // No exact oracle exists at 64 bits, so check two consequences: a prime passes Fermat's test for every
        // base (BigInteger, independent arithmetic), and a product of two numbers > 1 is never prime.
        ulong n = SplitMix64.Mix(seed) | 1;
        bool fermat = Enumerable.Range(2, 8).All(a => BigInteger.ModPow(a, n - 1, n).IsOne);
        ulong a = (SplitMix64.Mix(seed + 1) >> 32) | 2, b = (SplitMix64.Mix(seed + 2) >> 32) | 2;
        return (!Primes.IsPrime(n) || fermat) && !Primes.IsPrime(a * b);
    }

    [Property(MaxTest = 100)]
    public bool Factorize_RandomInt64_ProductIsN_FactorsArePrimeAndAscending(ulong seed, byte shift)
    {
        // Shifting spreads n over every magnitude, not just ~2^63.
        long n = Math.Max(2, (long)(SplitMix64.Mix(seed) >> (1 + shift % 62)));
        var factors = Primes.Factorize(n);
        bool ascending = factors.Zip(factors.Skip(1)).All(pair => pair.First <= pair.Second);
        bool exact = n >= TrialDivision.ExactBelow || factors.SequenceEqual(TrialDivision.Factorize(n));
        return Product(factors) == n && factors.All(Primes.IsPrime) && ascending && exact;
    }

    [Fact]
    public void Factorize_MatchesTrialDivision_AcrossTheSieveBoundary()
    {
        for (long n = Primes.SieveLimit - 2000; n < Primes.SieveLimit + 2000; n++)
            Assert.Equal(TrialDivision.Factorize(n), Primes.Factorize(n));
    }

    [Fact]
    public void Factorize_LargestSemiprimesOfTwo31BitPrimes()
    {
        // The two largest primes below sqrt(2^63): their product is the hardest int64 for Pollard rho.
        const long P = 3037000493, Q = 3037000453;
        Assert.True(TrialDivision.IsPrime(P) && TrialDivision.IsPrime(Q));
        for (long k = Q + 1; k <= 3037000499; k++) // floor(sqrt(2^63 - 1)) = 3037000499
            Assert.True(k == P || !TrialDivision.IsPrime(k), $"{k} is a larger prime");
        foreach (var (n, expected) in new[] { (Q * P, new[] { Q, P }), (P * P, new[] { P, P }), (2147483647L * 2147483629, new[] { 2147483629L, 2147483647 }) })
        {
            Assert.Equal(expected, Primes.Factorize(n));
        }
    }

    [Theory]
    [InlineData(long.MaxValue, new long[] { 7, 7, 73, 127, 337, 92737, 649657 })]
    [InlineData(4611686018427387904L, null)] // 2^62
    [InlineData(4052555153018976267L, null)] // 3^39
    [InlineData(16777216L, null)] // 2^24: the first number above the sieve
    [InlineData(2L, new long[] { 2 })]
    [InlineData(12L, new long[] { 2, 2, 3 })]
    public void Factorize_KnownValues(long n, long[]? expected)
    {
        var factors = Primes.Factorize(n);
        if (expected is not null) Assert.Equal(expected, factors);
        else Assert.True(factors.Distinct().Count() == 1 && Product(factors) == n);
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(0L)]
    [InlineData(-12L)]
    [InlineData(long.MinValue)]
    public void Factorize_BelowTwo_Throws(long n)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Primes.Factorize(n));
        Assert.Equal("n", e.ParamName);
    }

    private static long Product(long[] factors)
    {
        BigInteger product = BigInteger.One;
        foreach (long f in factors) product *= f;
        return product > long.MaxValue ? -1 : (long)product;
    }

    private static bool IsStrongProbablePrime(ulong n, int a)
    {
        ulong d = n - 1;
        int s = 0;
        for (; d % 2 == 0; d /= 2) s++;
        var x = BigInteger.ModPow(a, d, n);
        if (x.IsOne || x == n - 1) return true;
        for (int r = 1; r < s; r++)
        {
            x = x * x % n;
            if (x == n - 1) return true;
        }
        return false;
    }
}
