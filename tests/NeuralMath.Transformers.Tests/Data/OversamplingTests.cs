using NeuralMath.Data;
using NeuralMath.Numbers;
using NeuralMath.Problems;

namespace NeuralMath.Tests.Data;

public class OversamplingTests
{
    private static readonly FactorizationProblem Factorization = new();

    [Fact]
    public void CopiesFollowTheBuckets_TakingTheLargestWhenSeveralMatch()
    {
        var inputs = Enumerable.Range(2, 999).Select(n => new long[] { n }).ToArray();
        var copies = Oversampling.Copies(Factorization, inputs, new Dictionary<string, int> { ["smallestFactor:7"] = 3, ["factorCount:2"] = 2 });
        for (int i = 0; i < inputs.Length; i++)
        {
            var factors = Primes.Factorize(inputs[i][0]);
            int expected = factors.Length > 1 && factors[0] == 7 ? 3 : factors.Length == 2 ? 2 : 1;
            Assert.True(expected == copies[i], $"n={inputs[i][0]}: {copies[i]} copies, expected {expected}");
        }
    }

    [Fact]
    public void NoBuckets_MeansOneCopyEach() =>
        Assert.All(Oversampling.Copies(Factorization, [[4], [5]], new Dictionary<string, int>()), c => Assert.Equal(1, c));

    [Fact]
    public void ABucketThatMatchesNothing_IsRefusedNamingTheSettingAndTheRealBuckets()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Oversampling.Copies(Factorization, [[4], [9]], new Dictionary<string, int> { ["smallestFactor:13"] = 2 }));
        Assert.Contains("training.oversample", e.Message, StringComparison.Ordinal);
        Assert.Contains("smallestFactor:3", e.Message, StringComparison.Ordinal);
    }
}
