namespace NeuralMath.Tests.Cli;

/// <summary>CLI test classes share one <see cref="TrainedModels"/>, so the tiny models are trained once per run.</summary>
[CollectionDefinition(Name)]
public sealed class TrainedModelsCollection : ICollectionFixture<TrainedModels>
{
    public const string Name = "tiny trained models";
}
