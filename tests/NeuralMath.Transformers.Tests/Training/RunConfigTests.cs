using NeuralMath.Configuration;
using NeuralMath.Model;
using NeuralMath.Problems;
using NeuralMath.Tokenization;

namespace NeuralMath.Tests.Training;

public class RunConfigTests
{
    [Fact]
    public void Overrides_ReachNestedKeys_AndBareWordsAreStrings()
    {
        var config = RunConfig.Parse("{ }", ["training.steps=123", "training.device=cpu", "model.norm=pre", "tokenizer.digitOrder=leastSignificantFirst", "problem.name=\"factorization\""]);
        Assert.Equal(123, config.Training.Steps);
        Assert.Equal("cpu", config.Training.Device);
        Assert.Equal(NormPlacement.Pre, config.Model.Norm);
        Assert.Equal(DigitOrder.LeastSignificantFirst, config.Tokenizer.DigitOrder);
        Assert.Equal("factorization", config.Problem.Name);
    }

    [Fact]
    public void Configs_RoundTripThroughJson()
    {
        var config = RunConfig.Parse("{ \"model\": { \"positions\": \"learned\", \"modelDim\": 96 } }");
        var again = RunConfig.Parse(config.ToJson());
        Assert.Equal(config.ToJson(), again.ToJson());
        Assert.Equal(PositionEncoding.Learned, again.Model.Positions);
    }

    [Theory]
    [InlineData("{ \"model\": { \"modelDimm\": 64 } }", "modelDimm")]
    [InlineData("{ \"training\": ", "not valid JSON")]
    [InlineData("{ \"problem\": { \"max\": -5 } }", "problem.max")]
    [InlineData("{ \"model\": { \"dropout\": 1.5 } }", "model.dropout")]
    public void BadConfigs_AreRejectedWithTheKeyInTheMessage(string json, string expected)
    {
        var e = Record.Exception(() => RunConfig.Parse(json));
        Assert.True(e is InvalidDataException or ArgumentException, e?.GetType().Name);
        Assert.Contains(expected, e!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"training\": { \"steps\": 5, \"steps\": 6 } }", null, "training.steps is set twice")]
    [InlineData("{ \"training\": { \"learningRate\": 1e400 } }", null, "training.learningRate must be positive and finite")]
    [InlineData("{ \"training\": { \"repeatedSubset\": 100, \"repeatedFraction\": 1 } }", null, "training.repeatedFraction must be in (0, 1)")]
    [InlineData("{ }", "training.repeatedSubset=-1", "training.repeatedSubset must be ≥ 0")]
    [InlineData("{ \"training\": { \"repeatedSubset\": 10, \"batchSize\": 2 } }", null, "training.repeatedFraction gives round(0.25 × training.batchSize 2) = 0 subset slots per batch")]
    [InlineData("{ \"training\": { \"repeatedSubset\": 10, \"batchSize\": 10, \"repeatedFraction\": 0.96 } }", null, "= 10 subset slots per batch; it must leave at least one to the subset and one to the stream")]
    [InlineData("{ }", "training.repeatedFrom=[\"smallestFactor:7\"]", "training.repeatedFrom applies only with training.repeatedSubset")]
    [InlineData("{ \"training\": { \"repeatedSubset\": 10 } }", "training.repeatedFrom=[\"seven\"]", "training.repeatedFrom 'seven' must look like group:bucket")]
    [InlineData("{ \"model\": { \"attentionInitGain\": 1e999 } }", null, "model.attentionInitGain must be positive and finite")]
    [InlineData("{ }", "training=5", "training must be a section")]
    [InlineData("{ }", "training=null", "training must be a section")]
    [InlineData("{ \"training\": { \"steps\": 5 } }", "training.steps.x=1", "training.steps is a value, not a section")]
    [InlineData("{ }", "training.steps.x=1", "training.steps must be an integer")]
    [InlineData("{ }", "training..steps=1", "must look like section.key=value")]
    [InlineData("{ }", "training.steps=1.5", "training.steps must be an integer")]
    [InlineData("{ }", "model.positions=polar", "model.positions must be one of sinusoidal, learned, relative")]
    [InlineData("{ }", "problem.name=sorting", "problem.name is 'sorting', not a known problem")]
    [InlineData("{ }", "training.maxLoss=1e400", "training.maxLoss must be positive and finite")]
    [InlineData("[ 1 ]", null, "must be a JSON object")]
    [InlineData("{ \"problem\": { \"name\": \"modadd\", \"modulus\": 91 } }", null, "problem.modulus must be a prime, got 91")]
    [InlineData("{ \"problem\": { \"modulus\": 97 } }", null, "problem.modulus does not apply to addition")]
    [InlineData("{ }", "problem.distribution=balanced", "problem.distribution is balanced; addition takes uniform, logUniform")]
    [InlineData("{ }", "problem.distribution=zipf", "problem.distribution")]
    [InlineData("{ \"problem\": { \"name\": \"factorization\", \"samples\": 5 } }", null, "problem.samples does not apply to factorization")]
    [InlineData("{ }", "problem.samples=0", "problem.samples must be at least 1")]
    [InlineData("{ \"problem\": { \"name\": \"multiplication\", \"max\": 4000000000 } }", null, "problem.max + problem.outOfSample must be at most")]
    public void Errors_StartWithTheSource_AndNameTheSetting_OnOneLine(string json, string? assignment, string expected)
    {
        var e = Record.Exception(() => RunConfig.Parse(json, assignment is null ? [] : [assignment], "my.json"));
        Assert.True(e is InvalidDataException or ArgumentException, e?.ToString());
        Assert.StartsWith("my.json: ", e!.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void ProblemOptions_AreRecorded_AndUnsetOnesStayOutOfTheJson()
    {
        var addition = RunConfig.Parse("""{ "problem": { "distribution": "logUniform", "samples": 5000 } }""");
        Assert.Equal(OperandDistribution.LogUniform, addition.Problem.Distribution);
        Assert.Contains("\"distribution\": \"logUniform\"", addition.ToJson(), StringComparison.Ordinal);
        Assert.Equal(addition.ToJson(), RunConfig.Parse(addition.ToJson()).ToJson());
        string plain = RunConfig.Parse("{ }").ToJson();
        Assert.Contains("\"distribution\": \"uniform\"", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("samples", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("modulus", plain, StringComparison.Ordinal);
        Assert.Equal(OperandDistribution.Balanced, RunConfig.Parse("""{ "problem": { "name": "gcd", "distribution": "balanced" } }""").Problem.Distribution);
        var modmul = RunConfig.Parse("""{ "problem": { "name": "modmul", "modulus": 11 } }""");
        Assert.Contains("\"modulus\": 11", modmul.ToJson(), StringComparison.Ordinal);
        Assert.Equal(11, ((ModularProblem)modmul.CreateProblem()).Modulus);
    }

    [Fact]
    public void EveryShippedConfig_IsValid()
    {
        var files = Directory.GetFiles(Path.Combine(Repository.Root, "configs"), "*.json");
        Assert.NotEmpty(files);
        foreach (var file in files) RunConfig.Load(file);
    }
}
