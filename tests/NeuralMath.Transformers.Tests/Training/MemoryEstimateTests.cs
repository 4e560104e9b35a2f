using NeuralMath.Configuration;
using NeuralMath.Model;
using NeuralMath.Problems;
using NeuralMath.Runtime;
using NeuralMath.Training;

namespace NeuralMath.Tests.Training;

public sealed class MemoryEstimateTests
{
    [Theory]
    [InlineData("post", true, "relative", true)]
    [InlineData("pre", false, "learned", false)]
    [InlineData("pre", true, "sinusoidal", true)]
    public void TheParameterCount_IsWorkedOutWithoutBuildingTheModel(string norm, bool shared, string positions, bool crossPositions)
    {
        TorchRuntime.EnsureLoaded();
        var options = RunConfig.Parse(TrainerTests.TinyAddition(1).ToJson(),
            [$"model.norm={norm}", $"model.sharedEmbeddings={shared.ToString().ToLowerInvariant()}", $"model.positions={positions}",
             $"model.crossAttentionPositions={crossPositions.ToString().ToLowerInvariant()}", "model.encoderLayers=3", "model.feedForwardDim=96"]).Model;
        using var model = new Seq2SeqModel(options, vocabularySize: 17);
        Assert.Equal((double)model.ParameterCount, MemoryEstimate.Parameters(options, vocabularySize: 17));
    }

    [Theory]
    [InlineData(3, true, 0)]
    [InlineData(0, false, 8)]
    public void TheParameterCount_OfPerNumberPositions_IsWorkedOutToo(int encoderLayers, bool decoderSelfAttention, int maxOffset)
    {
        TorchRuntime.EnsureLoaded();
        var config = RunConfig.Parse(TrainerTests.TinyAddition(1).ToJson(),
            ["model.positions=perNumber", $"model.maxPositionOffset={maxOffset}", $"model.encoderLayers={encoderLayers}",
             $"model.decoderSelfAttention={decoderSelfAttention.ToString().ToLowerInvariant()}"]);
        var tokenizer = config.CreateTokenizer(config.CreateProblem());
        using var model = new Seq2SeqModel(config.Model, tokenizer);
        Assert.Equal((double)model.ParameterCount, MemoryEstimate.Parameters(config.Model, tokenizer.Vocabulary.Size));
    }

    [Fact]
    public void EveryProblem_CountsItsInputsWithoutEnumeratingThem()
    {
        foreach (var name in ProblemRegistry.Names)
        {
            var problem = NeuralMath.Tests.Problems.RegisteredProblems.Create(name);
            foreach (long max in new long[] { 4, 5, 17, 100 })
            {
                Assert.Equal(problem.InRange(max).LongCount(), problem.InRangeCount(max));
                foreach (long count in new long[] { 0, 1, 7 })
                    Assert.Equal(problem.OutOfSample(max, count).LongCount(), problem.OutOfSampleCount(max, count));
            }
        }
    }

    [Fact]
    public void TheEstimate_IsComparedWithTheMemoryGiven_AndNamesTheLargestNeed()
    {
        // About a million factorization inputs: a few hundred megabytes.
        var config = RunConfig.Parse(TrainerTests.TinyAddition(1).ToJson(), ["problem.name=factorization", "problem.max=1048576", "model.maxPositions=40"]);
        var problem = config.CreateProblem();
        var tokenizer = config.CreateTokenizer(problem);
        MemoryEstimate.Check(config, problem, tokenizer, null, null, finalEvaluation: true, modelInHostMemory: true, availableBytes: 8L << 30);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            MemoryEstimate.Check(config, problem, tokenizer, null, null, finalEvaluation: true, modelInHostMemory: true, availableBytes: 128L << 20));
        Assert.Equal("problem.max", e.ParamName);
        Assert.Contains("this machine has 128 MB", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AModelOnAGpu_IsNotCountedAgainstHostMemory()
    {
        var config = RunConfig.Parse(TrainerTests.TinyAddition(1).ToJson(), ["model.modelDim=65536"]);
        var problem = config.CreateProblem();
        var tokenizer = config.CreateTokenizer(problem);
        MemoryEstimate.Check(config, problem, tokenizer, null, null, finalEvaluation: true, modelInHostMemory: false, availableBytes: 8L << 30);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            MemoryEstimate.Check(config, problem, tokenizer, null, null, finalEvaluation: true, modelInHostMemory: true, availableBytes: 8L << 30));
        Assert.Equal("model.modelDim", e.ParamName);
    }

    [Fact]
    public void ARangeOfMorePairsThanALongHolds_CountsAsItsSampledPool() =>
        Assert.Equal(TwoOperandProblem.DefaultSamples, ProblemRegistry.Create("addition").InRangeCount(long.MaxValue / 2));
}
