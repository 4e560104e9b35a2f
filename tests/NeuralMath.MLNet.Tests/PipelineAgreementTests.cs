using Microsoft.Data.Analysis;
using Microsoft.ML;
using NeuralMath.Configuration;
using NeuralMath.Data;

namespace NeuralMath.MLNet.Tests;

/// <summary>
/// A pipeline states its problem once: later steps learn it from the columns' annotations, and steps that disagree
/// fail at Fit (before any training) with a message that names both sides.
/// </summary>
public sealed class PipelineAgreementTests(TrainedModelFixture fixture)
{
    [Fact]
    public void TheTrainer_LearnsProblemRangeAndTokenizerFromTheTokenColumn()
    {
        // The fixture states the problem only in Generate (addition, max 9) and nothing anywhere else.
        var config = fixture.Solver.Config;
        Assert.Equal("addition", config.Problem.Name);
        Assert.Equal(TrainedModelFixture.Max, config.Problem.Max);
        Assert.Equal(10, config.Tokenizer.Base);
        Assert.Equal(fixture.Model.GetOutputSchema(fixture.Train.Schema)["Tokens"].Annotations.Schema.Select(c => c.Name),
            [NeuralMathAnnotations.Problem, NeuralMathAnnotations.Base, NeuralMathAnnotations.DigitOrder, NeuralMathAnnotations.Vocabulary]);
    }

    [Fact]
    public void TokenizeGivenAnotherProblemThanTheData_FailsAtFit_NamingBoth()
    {
        var ml = new MLContext();
        var nm = ml.NeuralMath();
        var data = nm.Data.Generate("addition", 19);
        var pipeline = nm.Transforms.Tokenize(problem: "multiplication").Append(nm.Trainers.Seq2Seq(TrainedModelFixture.TinyOptions()));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => pipeline.Fit(data));
        Assert.Contains("Column 'Input' holds addition (a, b in [0, 19])", e.Message, StringComparison.Ordinal);
        Assert.Contains("was given problem multiplication", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainingAndValidationTokenizedDifferently_FailAtFit_NamingBoth()
    {
        var ml = new MLContext();
        var nm = ml.NeuralMath();
        var problem = new ProblemOptions { Name = "addition", Max = 19 };
        var train = nm.Data.Generate(problem);
        var validation = nm.Data.Generate(problem, DataSplit.Validation);
        var trainTokens = nm.Transforms.Tokenize().Fit(train).Transform(train);
        var validationTokens = nm.Transforms.Tokenize(numberBase: 7).Fit(validation).Transform(validation);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => nm.Trainers.Seq2Seq(TrainedModelFixture.TinyOptions()).Fit(trainTokens, validationTokens));
        Assert.Contains("validation data's column 'Tokens' holds addition (a, b in [0, 19]) in base 7", e.Message, StringComparison.Ordinal);
        Assert.Contains("the training data's holds addition (a, b in [0, 19]) in base 10", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DetokenizeGivenAnotherBaseThanTheTokens_FailsAtFit_NamingBoth()
    {
        var ml = new MLContext();
        var nm = ml.NeuralMath();
        var data = nm.Data.Generate("addition", 19);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => nm.Transforms.Tokenize().Append(nm.Transforms.Detokenize(numberBase: 7)).Fit(data));
        Assert.Contains("holds addition (a, b in [0, 19]) in base 10", e.Message, StringComparison.Ordinal);
        Assert.Contains("was given addition (a, b in [0, 19]) in base 7", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATrainedModel_RefusesTokensOfAnotherTokenizer_NamingBoth()
    {
        var ml = new MLContext();
        var nm = ml.NeuralMath();
        var data = nm.Data.Generate("addition", TrainedModelFixture.Max);
        var base7 = nm.Transforms.Tokenize(numberBase: 7).Fit(data).Transform(data);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => fixture.Solver.Transform(base7));
        Assert.Contains("holds addition (a, b in [0, 9]) in base 7", e.Message, StringComparison.Ordinal);
        Assert.Contains("the model was trained on addition (a, b in [0, 9]) in base 10", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TokensThatDoNotSayWhatTheySpell_AreRefusedByTheTrainer_WithWhatToDo()
    {
        var ml = new MLContext();
        var frame = new DataFrame(new StringDataFrameColumn("Input", ["3+4"]));
        var trainer = ml.NeuralMath().Trainers.Seq2Seq(TrainedModelFixture.TinyOptions());
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(frame));
        Assert.Contains("Could not find input column 'Tokens'", e.Message, StringComparison.Ordinal);

        // Token ids from elsewhere carry no annotations: the trainer cannot know their problem.
        var tokens = ml.Data.LoadFromEnumerable([new TokenRow { Tokens = [5, 3, 6] }]);
        var f = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(tokens));
        Assert.Contains("does not say which problem its tokens spell", f.Message, StringComparison.Ordinal);
        Assert.Contains("Tokenize()", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DataOfYourOwn_NamesItsProblemInTokenize_AndNothingElse()
    {
        var ml = new MLContext();
        var nm = ml.NeuralMath();
        var frame = new DataFrame(new StringDataFrameColumn("Input", ["3+4", "2+2"]));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => nm.Transforms.Tokenize().Fit(frame));
        Assert.Contains("does not say which problem it holds", e.Message, StringComparison.Ordinal);
        var tokenizer = nm.Transforms.Tokenize(problem: "addition").Fit(frame);
        Assert.Equal("addition", tokenizer.Problem.Name);
    }

    private sealed class TokenRow
    {
        public int[] Tokens { get; set; } = [];
    }
}
