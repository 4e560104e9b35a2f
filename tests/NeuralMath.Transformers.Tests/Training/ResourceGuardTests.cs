using NeuralMath.Configuration;
using NeuralMath.Training;

namespace NeuralMath.Tests.Training;

[Collection(TorchRandomCollection.Name)]
public sealed class ResourceGuardTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nm-guard-" + Guid.NewGuid().ToString("N"));

    // Each is far beyond any machine (terabytes), so the refusal does not depend on where the test runs. Factorization
    // lists every number of its range; two-operand problems sample large ranges into a bounded pool instead (below).
    [Theory]
    [InlineData("problem.max=10000000000", "problem.max")]
    [InlineData("problem.outOfSample=10000000000", "problem.outOfSample")]
    [InlineData("model.modelDim=131072", "model.modelDim")]
    public void ARunBeyondTheMachinesMemory_IsRefusedBeforeAllocating_NamingTheSetting(string assignment, string setting)
    {
        var config = RunConfig.Parse(TrainerTests.TinyAddition(10).ToJson(), ["problem.name=factorization", "model.maxPositions=40", assignment]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(config, _dir).Run());
        Assert.Equal(setting, e.ParamName);
        Assert.Contains(assignment, e.Message, StringComparison.Ordinal);
        Assert.Contains("this machine has", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir), "nothing is written");
    }

    [Fact]
    public void AHugeTwoOperandRange_IsSampled_SoItsMemoryEstimateStaysBounded()
    {
        var problem = RunConfig.Parse(TrainerTests.TinyAddition(10).ToJson(), ["problem.max=100000000"]).CreateProblem();
        Assert.Equal(NeuralMath.Problems.TwoOperandProblem.DefaultSamples, problem.InRangeCount(100_000_000));
        Assert.True(problem.OutOfSampleCount(100_000_000, 100_000_000) <= NeuralMath.Problems.TwoOperandProblem.DefaultSamples);
    }

    [Fact]
    public void BuildingTheDataAndTheFinalEvaluation_AreAnnounced()
    {
        var observer = new RecordingObserver();
        new Trainer(TrainerTests.TinyAddition(1), _dir, observer).Run();
        Assert.Contains("Building 98 training and 12 validation examples…", observer.Messages);
        Assert.Contains("Evaluating the best model on 11 test inputs…", observer.Messages);
        Assert.Contains("Evaluating the best model on 48 out-of-sample inputs…", observer.Messages);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
