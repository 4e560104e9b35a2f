using NeuralMath.Configuration;
using NeuralMath.Problems;
using NeuralMath.Tokenization;

namespace NeuralMath.Tests.Problems;

public class GcdProblemTests
{
    private static readonly GcdProblem Problem = new();
    private static readonly MathTokenizer Base10 = new(10, DigitOrder.MostSignificantFirst, Problem.Operators);

    [Fact]
    public void WorkedExample_Gcd12And18()
    {
        Assert.Equal("1 2 gcd 1 8", Base10.Vocabulary.Render(Problem.EncodeInput(Base10, [12, 18])));
        Assert.Equal([6L], Problem.Solve([12, 18]));
        Assert.Equal("gcd(12,18)", Problem.FormatInput([12, 18]));
        Assert.Equal("6", Problem.FormatAnswer([6]));
        Assert.True(Problem.Verify([12, 18], [6]).Correct);
        Assert.False(Problem.Verify([12, 18], [3]).Correct);
    }

    [Theory]
    [InlineData("gcd(12,18)")]
    [InlineData("12,18")]
    [InlineData(" gcd( 12 , 18 ) ")]
    [InlineData("\t12 ,18")]
    public void TryParseInput_AcceptsGcdOfAB_OrJustAB(string text)
    {
        Assert.True(Problem.TryParseInput(text, out var input, out var error), error);
        Assert.Equal([12L, 18], input);
    }

    [Theory]
    [InlineData("gcd(12,18", "gcd(a,b)")]
    [InlineData("gcd 12,18", "gcd(a,b)")]
    [InlineData("lcm(12,18)", "not an integer")]
    [InlineData("12,18,24", "gcd(a,b)")]
    [InlineData("12", "gcd(a,b)")]
    [InlineData("gcd(0,18)", "≥ 1")]
    [InlineData("gcd(-12,18)", "≥ 1")]
    [InlineData("gcd(x,18)", "not an integer")]
    public void TryParseInput_Rejects_WithAClearMessage(string text, string reason)
    {
        Assert.False(Problem.TryParseInput(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1L, "1")]
    [InlineData(100L, "100")]
    [InlineData(101L, "101-1000")]
    [InlineData(1000L, "101-1000")]
    [InlineData(1001L, "1001-10000")]
    [InlineData(long.MaxValue, "1000000000000000001-10000000000000000000")]
    public void GcdBuckets_AreSingleValuesTo100_ThenPowersOfTen(long gcd, string bucket) =>
        Assert.Equal(bucket, GcdProblem.GcdBucket(gcd));

    [Fact]
    public void MetricGroups_ByTrueGcd_ThenOperandDigits() =>
        Assert.Equal([("gcd", "6"), ("operandDigits", "2x2")], Problem.MetricGroups([12, 18]));

    [Fact]
    public void CommonDivisor_CountsDivisorsOfBoth()
    {
        var metric = Problem.AnswerMetrics.Single(m => m.Name == "commonDivisor");
        Assert.True(metric.Holds([12, 18], [6]));
        Assert.True(metric.Holds([12, 18], [2]));
        Assert.False(metric.Holds([12, 18], [4]));
        Assert.False(metric.Holds([12, 18], [0]));
    }

    [Fact]
    public void InRange_StartsAtOne()
    {
        Assert.Equal(100, Problem.InRange(10).Count());
        Assert.All(Problem.InRange(10), p => Assert.True(p.Min() >= 1));
        Assert.Equal([1L, 1], Problem.InRange(10).First());
    }

    [Fact]
    public void ALargeRange_IsASeededSample_ThatNeverEnumeratesTheSquare()
    {
        var options = new ProblemOptions { Name = "gcd", Max = 1_000_000, Samples = 20_000 };
        var pool = new GcdProblem(options).InRange(1_000_000).ToArray();
        Assert.InRange(pool.Length, 19_990, 20_000); // repeats are dropped; among 10^12 pairs there are hardly any
        Assert.All(pool, p => Assert.True(p[0] is >= 1 and <= 1_000_000 && p[1] is >= 1 and <= 1_000_000));
        Assert.Equal(pool.Select(p => (p[0], p[1])), new GcdProblem(options).InRange(1_000_000).Select(p => (p[0], p[1])));
        var other = new GcdProblem(new ProblemOptions { Name = "gcd", Max = 1_000_000, Samples = 20_000, SplitSeed = 7 }).InRange(1_000_000).First();
        Assert.NotEqual((pool[0][0], pool[0][1]), (other[0], other[1]));
        // Uniform pairs: about 6/π² of them are coprime.
        Assert.InRange(pool.Count(p => GcdProblem.Gcd(p[0], p[1]) == 1) / (double)pool.Length, 0.59, 0.63);
        // Out of sample: as many as the test split holds (testFraction 0.05 × 20,000).
        var outside = new GcdProblem(options).OutOfSample(1_000_000, 44).ToArray();
        Assert.InRange(outside.Length, 990, 1000);
        Assert.All(outside, p => Assert.True(p.Max() is > 1_000_000 and <= 1_000_044 && p.Min() >= 1));
    }

    [Fact]
    public void Balanced_DrawsEveryGcdBucketEquallyOften()
    {
        var problem = new GcdProblem(new ProblemOptions { Name = "gcd", Distribution = OperandDistribution.Balanced, Samples = 52_000 });
        var draws = problem.TrainingInputs(10_000).ToArray();
        Assert.Equal(52_000, draws.Length);
        Assert.All(draws, p => Assert.True(p[0] is >= 1 and <= 10_000 && p[1] is >= 1 and <= 10_000));
        var counts = draws.GroupBy(p => GcdProblem.GcdBucket(GcdProblem.Gcd(p[0], p[1]))).ToDictionary(g => g.Key, g => g.Count());
        // 100 single values and 101-1000, 1001-10000: 102 buckets of about 510 draws each.
        Assert.Equal(102, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 400, 620));
    }

    [Fact]
    public void LogUniform_FavoursSmallOperands()
    {
        var problem = new GcdProblem(new ProblemOptions { Name = "gcd", Distribution = OperandDistribution.LogUniform, Samples = 20_000 });
        var operands = problem.TrainingInputs(1_000_000).SelectMany(p => p).ToArray();
        // P(x ≤ 1000) = H(1000) / H(10^6) ≈ 7.49 / 14.39 ≈ 0.52; uniform would give 0.001.
        Assert.InRange(operands.Count(x => x <= 1000) / (double)operands.Length, 0.49, 0.55);
    }

    [Theory]
    [InlineData(100L)] // every class enumerated (at most 100² pairs)
    [InlineData(1_000_000L)] // large classes drawn by rejection
    public void Stratified_GivesEachGcdItsOwnKeptPairs_Seeded(long max)
    {
        var rule = new NeuralMath.Data.SplitRule(42, 0.05, 0.05);
        bool InTest(long[] p) => rule.SplitOf(Problem.SplitKey(p)) == NeuralMath.Data.DataSplit.Test;
        var pairs = NeuralMath.Data.ProblemData.Stratified(Problem, max, rule, perClass: 20).ToArray();

        Assert.All(pairs, p => Assert.True(InTest(p) && p[0] is >= 1 && p[1] >= 1 && p[0] <= max && p[1] <= max));
        Assert.Equal(pairs.Length, pairs.Select(p => (p[0], p[1])).Distinct().Count());
        var byGcd = pairs.GroupBy(p => GcdProblem.Gcd(p[0], p[1])).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(byGcd, c => Assert.InRange(c.Key, 1, 100));
        Assert.All(byGcd.Values, n => Assert.InRange(n, 1, 20));
        if (max == 1_000_000) Assert.Equal(Enumerable.Repeat(20, 100), Enumerable.Range(1, 100).Select(g => byGcd[g]));
        else
        {
            // Exactly the test pairs of each class, up to 20: compare with a brute-force count.
            foreach (int g in new[] { 1, 7, 50 })
            {
                int all = 0;
                for (long a = 1; a <= max; a++)
                    for (long b = 1; b <= max; b++)
                        if (GcdProblem.Gcd(a, b) == g && InTest([a, b])) all++;
                Assert.Equal(Math.Min(all, 20), byGcd.GetValueOrDefault(g));
            }
        }
        Assert.Equal(pairs, NeuralMath.Data.ProblemData.Stratified(new GcdProblem(), max, rule, perClass: 20).ToArray());
    }

    [Fact]
    public void Stratified_IsRefused_ForProblemsWithoutAnswerClasses()
    {
        var e = Assert.Throws<ArgumentException>(() => NeuralMath.Data.ProblemData.Stratified(new AdditionProblem(), 99, new NeuralMath.Data.SplitRule(42, 0.05, 0.05), 10));
        Assert.Contains("no classes", e.Message, StringComparison.Ordinal);
    }
}
