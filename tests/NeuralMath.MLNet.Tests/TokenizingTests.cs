using Microsoft.ML;
using Microsoft.ML.Data;
using NeuralMath.Tokenization;

namespace NeuralMath.MLNet.Tests;

/// <summary>Base-N tokenization as a transform: reversible, any base and digit order, text or Int64 input.</summary>
public sealed class TokenizingTests
{
    private sealed class NumberRow
    {
        public long Input { get; set; }
    }

    private sealed class TokensRow
    {
        public string Input { get; set; } = "";

        public int[] Tokens { get; set; } = [];

        public string Back { get; set; } = "";
    }

    [Theory]
    [InlineData(10, DigitOrder.MostSignificantFirst)]
    [InlineData(30, DigitOrder.LeastSignificantFirst)]
    [InlineData(2, DigitOrder.MostSignificantFirst)]
    public void TokenizeThenDetokenize_GivesTheInputBack(int numberBase, DigitOrder order)
    {
        var ml = new MLContext();
        string[] inputs = ["45+202", "0+0", "999999+1", "45+", "abc"];
        var nm = ml.NeuralMath();
        var pipeline = nm.Transforms.Tokenize("Tokens", "Input", "addition", numberBase, order)
            .Append(nm.Transforms.Detokenize("Back", "Tokens", "addition", numberBase, order));
        var rows = ml.Data.CreateEnumerable<TokensRow>(pipeline.Fit(Rows.Inputs(ml, inputs)).Transform(Rows.Inputs(ml, inputs)), false).ToList();
        Assert.Equal(["45+202", "0+0", "999999+1", "", ""], rows.Select(r => r.Back));
        Assert.Empty(rows[3].Tokens); // not a valid input: empty vector
    }

    [Fact]
    public void Tokenize_Base30_MatchesTheCoreTokenizer()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable([new NumberRow { Input = 45 }]);
        var transformer = ml.NeuralMath().Transforms.Tokenize(problem: "factorization", numberBase: 30).Fit(data);
        var column = transformer.Transform(data).GetColumn<VBuffer<int>>("Tokens").Single();
        Assert.Equal(transformer.Tokenizer.EncodeNumber(45), column.DenseValues());
        Assert.Equal([transformer.Tokenizer.Vocabulary.IdOfDigit(1), transformer.Tokenizer.Vocabulary.IdOfDigit(15)], column.DenseValues());
    }

    [Fact]
    public void Detokenize_RejectsNonCanonicalTokens()
    {
        var ml = new MLContext();
        var tokenizer = new MathTokenizer(10, DigitOrder.MostSignificantFirst, ["+"]);
        int zero = tokenizer.Vocabulary.IdOfDigit(0), five = tokenizer.Vocabulary.IdOfDigit(5), plus = tokenizer.Vocabulary.IdOf("+");
        var data = ml.Data.LoadFromEnumerable(new[]
        {
            new TokensRow { Tokens = [five, plus, five] },
            new TokensRow { Tokens = [zero, five, plus, five] }, // leading zero
            new TokensRow { Tokens = [five, plus, plus, five] },
        });
        var back = ml.NeuralMath().Transforms.Detokenize("Back", "Tokens").Fit(data).Transform(data).GetColumn<string>("Back");
        Assert.Equal(["5+5", "", ""], back);
    }
}
