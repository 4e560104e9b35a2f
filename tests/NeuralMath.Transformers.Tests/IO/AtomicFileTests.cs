using NeuralMath.Artifacts;
using NeuralMath.Configuration;
using NeuralMath.IO;
using NeuralMath.Model;
using NeuralMath.Tests.Training;

namespace NeuralMath.Tests.IO;

/// <summary>A rename blocked by another process (Windows) is retried a bounded number of times, then named clearly.</summary>
[Collection(TorchRandomCollection.Name)]
public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nm-atomic-").FullName;
    private readonly List<TimeSpan> _waits = [];

    [Fact]
    public void ATargetHeldBriefly_IsReplacedAfterRetries()
    {
        string path = Path.Combine(_dir, "model.nmm");
        File.WriteAllText(path, "old");
        int calls = 0;
        var writer = new AtomicFile((from, to) =>
        {
            if (++calls <= 2) throw new IOException("The process cannot access the file because it is being used by another process.");
            File.Move(from, to, overwrite: true);
        }, _waits.Add);

        writer.Write(path, "new"u8.ToArray());

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(3, calls);
        Assert.Equal(2, _waits.Count);
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void ATargetHeldForGood_GivesOneClearError_AfterBoundedRetries_AndKeepsTheNewContents()
    {
        string path = Path.Combine(_dir, "checkpoint.nmm");
        File.WriteAllText(path, "old");
        int calls = 0;
        var writer = new AtomicFile((_, _) =>
        {
            calls++;
            throw new UnauthorizedAccessException($"Access to the path '{path}' is denied.");
        }, _waits.Add);

        var e = Assert.Throws<IOException>(() => writer.Write(path, "new"u8.ToArray()));

        Assert.Contains($"Could not replace '{path}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("another NeuralMath process", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(_waits.Count + 1, calls);
        Assert.InRange(_waits.Sum(w => w.TotalSeconds), 0.5, 3);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal("new", File.ReadAllText(path + ".tmp"));
    }

    [Fact]
    public void ErrorsThatAreNotABlockedFile_AreNotRetried()
    {
        var writer = new AtomicFile((_, _) => throw new DirectoryNotFoundException("gone"), _waits.Add);
        Assert.Throws<DirectoryNotFoundException>(() => writer.Write(Path.Combine(_dir, "x.bin"), [1]));
        Assert.Empty(_waits);
    }

    [Fact]
    public void SavingAModelOverSomethingThatCannotBeReplaced_SaysWhich()
    {
        var config = TrainerTests.TinyAddition(1);
        using var model = new Seq2SeqModel(config.Model, config.CreateTokenizer(config.CreateProblem()).Vocabulary.Size);
        string path = Path.Combine(_dir, "model.nmm");
        Directory.CreateDirectory(path);                                       // a rename cannot replace a folder

        var e = Assert.Throws<IOException>(() => ModelArtifact.Save(path, config, model, []));

        Assert.Contains($"Could not replace '{path}'", e.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(path + ".tmp"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
