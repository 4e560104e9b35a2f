using System.Numerics;
using FsCheck.Xunit;
using NeuralMath.Configuration;
using NeuralMath.Problems;
using NeuralMath.Tests.Numbers;

namespace NeuralMath.Tests.Problems;

/// <summary>
/// Verification is exact for every problem: on random inputs of every size, for the right answer and random wrong
/// ones, <see cref="MathProblem.Verify"/> agrees with plain arithmetic in <see cref="BigInteger"/> (no overflow), and
/// an input is valid exactly when its answer fits in int64. This is what keeps <c>predict --json</c> from ever
/// marking a wrong answer verified.
/// </summary>
public class VerifyOracleTests
{
    // Shifting a random 64-bit value right by 1..63 spreads operands over every magnitude, tiny to huge.
    private static long Operand(ulong bits, byte shift) => (long)(bits >> (1 + shift % 63));

    // The right answer, its neighbours, and unrelated values (some as large as int64 allows).
    private static long[] Candidates(BigInteger right, long noise)
    {
        var values = new List<BigInteger> { right, right + 1, right - 1, noise, noise & long.MaxValue, right ^ noise, 0, long.MaxValue };
        return [.. values.Where(v => v >= long.MinValue && v <= long.MaxValue).Select(v => (long)v)];
    }

    private static bool AgreesWithOracle(MathProblem problem, long[] input, BigInteger right, long noise) =>
        Candidates(right, noise).All(c => problem.Verify(input, [c]).Correct == (c == right))
        && !problem.Verify(input, []).Correct
        && (right > long.MaxValue || !problem.Verify(input, [(long)right, (long)right]).Correct);

    [Property(MaxTest = 300)]
    public bool Addition(ulong x, ulong y, byte sx, byte sy, long noise)
    {
        long a = Operand(x, sx), b = Operand(y, sy);
        var problem = new AdditionProblem();
        BigInteger sum = (BigInteger)a + b;
        bool fits = sum <= long.MaxValue;
        return (problem.ValidateInput([a, b]) is null) == fits && (!fits || AgreesWithOracle(problem, [a, b], sum, noise));
    }

    [Property(MaxTest = 300)]
    public bool Multiplication(ulong x, ulong y, byte sx, byte sy, long noise)
    {
        long a = Operand(x, sx), b = Operand(y, sy);
        var problem = new MultiplicationProblem();
        BigInteger product = (BigInteger)a * b;
        bool fits = product <= long.MaxValue;
        return (problem.ValidateInput([a, b]) is null) == fits && (!fits || AgreesWithOracle(problem, [a, b], product, noise));
    }

    [Property(MaxTest = 300)]
    public bool Gcd(ulong x, ulong y, byte sx, byte sy, ulong scale, long noise)
    {
        // Scaling both operands by a common factor makes large gcds common, not just 1.
        long k = 1 + (long)(scale % 1000);
        long a = Math.Max(1, Operand(x, sx) / k) * k, b = Math.Max(1, Operand(y, sy) / k) * k;
        var problem = new GcdProblem();
        var gcd = BigInteger.GreatestCommonDivisor(a, b);
        var commonDivisor = problem.AnswerMetrics.Single(m => m.Name == "commonDivisor");
        bool divisorsAgree = Candidates(gcd, noise).Append(1).Append((long)gcd / 2)
            .All(c => commonDivisor.Holds([a, b], [c]) == (c >= 1 && a % c == 0 && b % c == 0));
        return problem.ValidateInput([a, b]) is null && problem.ValidateInput([0, b]) is not null
            && AgreesWithOracle(problem, [a, b], gcd, noise) && divisorsAgree;
    }

    public static readonly long[] Primes = [2, 3, 97, 1_000_003, 2_147_483_647, 9_223_372_036_854_775_783];

    [Property(MaxTest = 300)]
    public bool ModularAddition(ulong x, ulong y, byte sx, byte sy, byte which, long noise)
    {
        long p = Primes[which % Primes.Length], a = Operand(x, sx), b = Operand(y, sy);
        var problem = new ModularAdditionProblem(new ProblemOptions { Modulus = p });
        var right = ((BigInteger)a + b) % p;
        return problem.ValidateInput([a, b]) is null && AgreesWithOracle(problem, [a, b], right, noise)
            && (right + p > long.MaxValue || !problem.Verify([a, b], [(long)(right + p)]).Correct); // congruent is not reduced
    }

    [Property(MaxTest = 300)]
    public bool ModularMultiplication(ulong x, ulong y, byte sx, byte sy, byte which, long noise)
    {
        long p = Primes[which % Primes.Length], a = Operand(x, sx), b = Operand(y, sy);
        var problem = new ModularMultiplicationProblem(new ProblemOptions { Modulus = p });
        var right = (BigInteger)a * b % p;
        return problem.ValidateInput([a, b]) is null && AgreesWithOracle(problem, [a, b], right, noise)
            && (right + p > long.MaxValue || !problem.Verify([a, b], [(long)(right + p)]).Correct);
    }

    [Property(MaxTest = 200)]
    public bool Factorization(ulong x, byte shift, ulong pick, long noise)
    {
        // n < 2^42, where trial division is an independent, exact oracle.
        long n = Math.Max(2, (long)((x % (ulong)TrialDivision.ExactBelow) >> (shift % 40)));
        var problem = new FactorizationProblem();
        var right = TrialDivision.Factorize(n);
        List<long[]> candidates = [right, [.. right.Reverse()], [n], [noise], [.. right, 1], [.. right.Skip(1)]];
        if (right.Length >= 2) candidates.Add([right[0] * right[1], .. right.Skip(2)]); // right product, a composite factor
        int i = (int)(pick % (ulong)right.Length);
        candidates.Add([.. right.Select((f, j) => j == i ? f + 1 : f)]);
        candidates.Add([.. right.Select((f, j) => j == i ? f - 1 : f)]);
        return candidates.All(c => problem.Verify([n], c).Correct == IsFactorization(n, c));
    }

    [Property(MaxTest = 200)]
    public bool Residues(ulong x, byte shift, ulong pick, long noise)
    {
        long n = Math.Max(2, (long)(x >> (1 + shift % 63)));
        var problem = new ResiduesProblem();
        // The oracle: BigInteger remainders by the primes up to 31, found by trial division.
        long[] primes = [.. Enumerable.Range(2, 30).Where(p => Enumerable.Range(2, p - 2).All(d => p % d != 0)).Select(p => (long)p)];
        long[] right = [.. primes.Select(p => (long)(new BigInteger(n) % p))];
        int i = (int)(pick % (ulong)right.Length);
        List<long[]> candidates = [right, [.. right.Reverse()], [.. right.Skip(1)], [.. right, 0], [n], []];
        foreach (var value in new[] { right[i] + 1, right[i] - 1, right[i] + primes[i], noise })
            candidates.Add([.. right.Select((r, j) => j == i ? value : r)]);
        return candidates.All(c => problem.Verify([n], c).Correct == c.SequenceEqual(right));
    }

    private static bool IsFactorization(long n, long[] factors) =>
        factors.Length > 0
        && factors.Aggregate(BigInteger.One, (product, f) => product * f) == n
        && factors.All(f => f >= 2 && f < TrialDivision.ExactBelow && TrialDivision.IsPrime(f));
}
