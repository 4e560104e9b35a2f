using NeuralMath.Artifacts;
using NeuralMath.IO;
using NeuralMath.Training;

namespace NeuralMath.Tests.Training;

/// <summary>A write that fails half-way (here: a disk that is full) leaves neither a partial file nor a stray <c>.tmp</c>.</summary>
[Collection(TorchRandomCollection.Name)]
public sealed class FailedWriteTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nm-diskfull-").FullName;

    [Fact]
    public void ACheckpointWriteOnAFullDisk_KeepsThePreviousCheckpoint_AndLeavesNoTmpFile()
    {
        Assert.SkipUnless(File.Exists("/dev/full"), "needs /dev/full (Linux) to simulate a full disk");
        string checkpoint = Path.Combine(_dir, "checkpoint.nmm");
        // After the step-10 checkpoint, the next one's temporary file lands on a device that is always full.
        var observer = new RecordingObserver(atStep: 15, () => File.CreateSymbolicLink(checkpoint + ".tmp", "/dev/full"));
        Assert.Throws<IOException>(() => new Trainer(TrainerTests.TinyAddition(20), _dir, observer).Run(finalEvaluation: false));

        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
        using var kept = ModelArtifact.Load(checkpoint, "cpu");
        Assert.Equal(10, (int)kept.Metadata["step"]!);
    }

    [Fact]
    public void AWriterThatFails_LeavesTheOldFileAsItWas()
    {
        string path = Path.Combine(_dir, "results.json");
        File.WriteAllText(path, "old");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Default.Write(path, stream =>
        {
            stream.Write("new, but cut short"u8);
            throw new InvalidOperationException("the writer failed");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
