using NeuralMath.Configuration;
using NeuralMath.Model;
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

    [Fact]
    public void EveryShippedConfig_IsValid()
    {
        var files = Directory.GetFiles(Path.Combine(Repository.Root, "configs"), "*.json");
        Assert.NotEmpty(files);
        foreach (var file in files) RunConfig.Load(file);
    }
}
