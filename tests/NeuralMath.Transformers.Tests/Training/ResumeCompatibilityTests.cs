using System.Security.Cryptography;
using NeuralMath.Configuration;
using NeuralMath.Training;

namespace NeuralMath.Tests.Training;

[Collection(TorchRandomCollection.Name)]
public sealed class ResumeCompatibilityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nm-resume-").FullName;

    private static RunConfig Tiny(int steps, params string[] overrides) => RunConfig.Parse(TrainerTests.TinyAddition(steps).ToJson(), overrides);

    [Fact]
    public void ResumingWithAnotherModelOrSeed_IsRefusedInOneLineNamingEveryDifference_AndChangesNothing()
    {
        new Trainer(Tiny(10), _dir).Run(finalEvaluation: false);
        var before = Snapshot();
        var e = Assert.Throws<InvalidOperationException>(() =>
            new Trainer(Tiny(10, "model.modelDim=32", "model.norm=post", "training.seed=4"), _dir).Run(resume: true, finalEvaluation: false));
        Assert.Contains("model.modelDim=64, not 32", e.Message, StringComparison.Ordinal);
        Assert.Contains("model.norm=pre, not post", e.Message, StringComparison.Ordinal);
        Assert.Contains("training.seed=3, not 4", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void ResumingWithOtherThreadsDeviceCadenceOrMoreSteps_Continues_AndTheRunFolderRecordsTheNewSettings()
    {
        new Trainer(Tiny(10), _dir).Run(finalEvaluation: false);
        var observer = new RecordingObserver();
        var trainer = new Trainer(Tiny(20, "training.device=cpu", "training.evalEvery=5", "training.checkpointEvery=5", "evaluation.beams=1"), _dir, observer);
        var results = trainer.Run(resume: true, finalEvaluation: false);
        Assert.Equal(10, trainer.Losses.Count);
        Assert.Equal(20, (int)results["steps"]!);
        // Extending a run changes its learning-rate schedule from the checkpoint on: the user is told.
        Assert.Contains(observer.Messages, m => m.Contains("training.steps=20", StringComparison.Ordinal));
        Assert.Equal(20, RunConfig.Load(Path.Combine(_dir, "config.json")).Training.Steps);
    }

    [Fact]
    public void ResumingWithFewerStepsThanTheCheckpointHas_IsRefused()
    {
        new Trainer(Tiny(10), _dir).Run(finalEvaluation: false);
        var e = Assert.Throws<InvalidOperationException>(() => new Trainer(Tiny(5), _dir).Run(resume: true, finalEvaluation: false));
        Assert.Contains("step 10", e.Message, StringComparison.Ordinal);
        Assert.Contains("training.steps=5", e.Message, StringComparison.Ordinal);
    }

    private Dictionary<string, string> Snapshot() =>
        Directory.GetFiles(_dir).ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
