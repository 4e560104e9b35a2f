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
        // Detokenize learns the problem, base and order from the Tokens column's annotations.
        var pipeline = nm.Transforms.Tokenize("Tokens", "Input", "addition", numberBase, order)
            .Append(nm.Transforms.Detokenize("Back", "Tokens"));
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
        var back = ml.NeuralMath().Transforms.Detokenize("Back", "Tokens", problem: "addition").Fit(data).Transform(data).GetColumn<string>("Back");
        Assert.Equal(["5+5", "", ""], back);
    }

    [Fact]
    public void Detokenize_ByDefault_WritesAColumnOfItsOwn_AndLeavesTheInputAlone()
    {
        var ml = new MLContext();
        var nm = ml.NeuralMath();
        var data = nm.Data.Generate("addition", 30, Data.DataSplit.Test);
        var output = nm.Transforms.Tokenize().Append(nm.Transforms.Detokenize()).Fit(data).Transform(data);
        Assert.Equal(["Input", "Label", "Split", "Tokens", NeuralMathColumnNames.DetokenizedInput], output.Schema.Where(c => !c.IsHidden).Select(c => c.Name));
        Assert.Equal(data.GetColumn<string>("Input"), output.GetColumn<string>("Input"));
        Assert.Equal(data.GetColumn<string>("Input"), output.GetColumn<string>(NeuralMathColumnNames.DetokenizedInput));
    }

    [Fact]
    public void TheTokenColumn_CarriesTheProblemBaseOrderAndVocabulary()
    {
        var ml = new MLContext();
        var nm = ml.NeuralMath();
        var data = nm.Data.Generate("addition", 19);
        var tokens = nm.Transforms.Tokenize(numberBase: 7, digitOrder: DigitOrder.LeastSignificantFirst).Fit(data).Transform(data).Schema["Tokens"];
        ReadOnlyMemory<char> problem = default, order = default;
        int numberBase = 0;
        VBuffer<ReadOnlyMemory<char>> vocabulary = default;
        tokens.Annotations.GetValue(NeuralMathAnnotations.Problem, ref problem);
        tokens.Annotations.GetValue(NeuralMathAnnotations.Base, ref numberBase);
        tokens.Annotations.GetValue(NeuralMathAnnotations.DigitOrder, ref order);
        tokens.Annotations.GetValue(NeuralMathAnnotations.Vocabulary, ref vocabulary);
        var definition = System.Text.Json.Nodes.JsonNode.Parse(problem.ToString())!;
        Assert.Equal("addition", (string?)definition["name"]);
        Assert.Equal(19, (long)definition["max"]!);
        Assert.Equal(7, numberBase);
        Assert.Equal("leastSignificantFirst", order.ToString());
        Assert.Equal(new MathTokenizer(7, DigitOrder.LeastSignificantFirst, ["+"]).Vocabulary.Symbols, vocabulary.DenseValues().Select(v => v.ToString()));
    }
}
