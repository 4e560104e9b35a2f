namespace NeuralMath.Tests;

/// <summary>
/// Tests that seed torch's process-wide random generator (model initialisation, dropout) run one at a time,
/// or their draws would interleave and results that should be reproducible would not be.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TorchRandomCollection
{
    public const string Name = "torch global random state";
}
