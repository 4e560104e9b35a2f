using System.Diagnostics;
using NeuralMath.Data;
using NeuralMath.Numbers;
using NeuralMath.Problems;
using NeuralMath.Tokenization;

namespace NeuralMath.Tests.Data;

public class EncodedDatasetTests(ITestOutputHelper output)
{
    [Fact]
    public void Build_KeepsOrder_AndLabelsExactly()
    {
        var problem = new FactorizationProblem();
        var tok = new MathTokenizer(30, DigitOrder.MostSignificantFirst, problem.Operators);
        // Descending, so a build that sorted or reordered its parallel chunks would show.
        var inputs = Enumerable.Range(2, 50_000).Reverse().Select(n => new long[] { n }).ToList();
        var data = EncodedDataset.Build(problem, tok, inputs);
        Assert.Equal(inputs.Count, data.Count);
        for (int i = 0; i < data.Count; i++)
        {
            long n = inputs[i][0];
            Assert.Equal(n, data.Inputs[i][0]);
            Assert.Equal(MathTokenizer.Frame(tok.EncodeNumber(n)), data.Sources[i]);
            Assert.True(problem.ParseAnswer(tok, data.Targets[i]) is { } answer && answer.SequenceEqual(TrialDivisionFactors(n)), $"target of {n}");
        }
    }

    [Fact]
    public void Build_WorkedExample_45InBase30()
    {
        var problem = new FactorizationProblem();
        var tok = new MathTokenizer(30, DigitOrder.MostSignificantFirst, problem.Operators);
        var data = EncodedDataset.Build(problem, tok, [[45]]);
        Assert.Equal("[SOS] 1 15 [EOS]", tok.Vocabulary.Render(data.Sources[0]));
        Assert.Equal("[SOS] 3 * 3 * 5 [EOS]", tok.Vocabulary.Render(data.Targets[0]));
    }

    [Fact]
    public void Build_Addition_AndEmpty()
    {
        var problem = new AdditionProblem();
        var tok = new MathTokenizer(10, DigitOrder.MostSignificantFirst, problem.Operators);
        var data = EncodedDataset.Build(problem, tok, [[45, 202]]);
        Assert.Equal("[SOS] 4 5 + 2 0 2 [EOS]", tok.Vocabulary.Render(data.Sources[0]));
        Assert.Equal("[SOS] 2 4 7 [EOS]", tok.Vocabulary.Render(data.Targets[0]));
        Assert.Equal(0, EncodedDataset.Build(problem, tok, []).Count);
    }

    [Fact]
    public void Build_InvalidInput_ThrowsWithItsIndexAndReason()
    {
        var problem = new FactorizationProblem();
        var tok = new MathTokenizer(10, DigitOrder.MostSignificantFirst, problem.Operators);
        var e = Assert.Throws<ArgumentException>(() => EncodedDataset.Build(problem, tok, [[10], [1]]));
        Assert.Contains("Input 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("no prime factorization", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_RejectsMismatchedArrays() =>
        Assert.Throws<ArgumentException>(() => new EncodedDataset([[2]], [], [[1, 2]]));

    /// <summary>The whole 2^22 factorization range in base 30: a benchmark, run on request (--explicit on).</summary>
    [Fact(Explicit = true)]
    public void Build_FactorizationBelow2To22_TakesAFewSeconds()
    {
        var problem = new FactorizationProblem();
        var tok = new MathTokenizer(30, DigitOrder.MostSignificantFirst, problem.Operators);
        // Reported separately: the shared 2^24 sieve is built once per process, on first use.
        var sieveWatch = Stopwatch.StartNew();
        _ = Primes.Factorize(2);
        sieveWatch.Stop();
        var watch = Stopwatch.StartNew();
        var data = EncodedDataset.Build(problem, tok, problem.InRange(1 << 22));
        watch.Stop();
        output.WriteLine($"Shared sieve: {sieveWatch.Elapsed.TotalSeconds:F2} s; built {data.Count} examples in {watch.Elapsed.TotalSeconds:F2} s");
        Assert.Equal((1 << 22) - 2, data.Count);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    private static long[] TrialDivisionFactors(long n) => Tests.Numbers.TrialDivision.Factorize(n);
}
