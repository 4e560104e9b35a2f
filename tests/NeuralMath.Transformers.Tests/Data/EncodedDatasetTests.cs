using NeuralMath.Data;
using NeuralMath.Numbers;
using NeuralMath.Problems;
using NeuralMath.Tests.Numbers;
using NeuralMath.Tokenization;

namespace NeuralMath.Tests.Data;

public class EncodedDatasetTests
{
    [Fact]
    public void Build_KeepsOrder_AndLabelsExactly()
    {
        var problem = new FactorizationProblem();
        var tok = new MathTokenizer(30, DigitOrder.MostSignificantFirst, problem.Operators);
        // Descending and spanning several parallel chunks, so reordered chunks would show.
        var inputs = Enumerable.Range(2, 200_000).Reverse().Select(n => new long[] { n }).ToList();
        var data = EncodedDataset.Build(problem, tok, inputs);
        Assert.Equal(inputs.Count, data.Count);
        for (int i = 0; i < data.Count; i++)
        {
            long n = inputs[i][0];
            // Labels from the independent trial-division oracle, encoded.
            var expectedTarget = MathTokenizer.Frame(problem.EncodeAnswer(tok, TrialDivision.Factorize(n)));
            if (data.Inputs[i][0] != n || !data.Sources[i].SequenceEqual(MathTokenizer.Frame(tok.EncodeNumber(n))) || !data.Targets[i].SequenceEqual(expectedTarget))
                Assert.Fail($"example {i} (n = {n}) is wrong: {tok.Vocabulary.Render(data.Sources[i])} → {tok.Vocabulary.Render(data.Targets[i])}");
        }
    }

    [Fact]
    public void Build_LongSequences_MatchDirectEncoding()
    {
        // Base 2 and 62-bit inputs: ~60 tokens per sequence, far past the encoder's initial scratch estimate.
        var problem = new FactorizationProblem();
        var tok = new MathTokenizer(2, DigitOrder.LeastSignificantFirst, problem.Operators);
        var rng = new Random(3);
        var inputs = Enumerable.Range(0, 300).Select(_ => new[] { rng.NextInt64(1L << 61, long.MaxValue) }).ToArray();
        var data = EncodedDataset.Build(problem, tok, inputs);
        for (int i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(MathTokenizer.Frame(problem.EncodeInput(tok, inputs[i])), data.Sources[i]);
            Assert.Equal(MathTokenizer.Frame(problem.EncodeAnswer(tok, Primes.Factorize(inputs[i][0]))), data.Targets[i]);
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
}
