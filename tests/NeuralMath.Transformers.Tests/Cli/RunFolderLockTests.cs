using NeuralMath.Tests.Training;
using NeuralMath.Training;

namespace NeuralMath.Tests.Cli;

/// <summary>One training process per run folder: a second one, started while the first runs, is refused and writes nothing.</summary>
[Collection(TorchRandomCollection.Name)]
public sealed class RunFolderLockTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nm-lock-").FullName;

    [Fact]
    public async Task ASecondTrainInAFolderInUse_IsRefusedWithExitCode2_AndWritesNothing()
    {
        string run = Path.Combine(_dir, "run"), config = Path.Combine(_dir, "other-seed.json");
        File.WriteAllText(config, TrainerTests.TinyAddition(10).ToJson().Replace("\"seed\": 3", "\"seed\": 4", StringComparison.Ordinal));
        using var paused = new ManualResetEventSlim();
        using var resume = new ManualResetEventSlim();
        // The library run pauses after its first step, holding the folder, while the CLI process tries the same folder.
        var first = Task.Run(() => new Trainer(TrainerTests.TinyAddition(10), run, new RecordingObserver(atStep: 1, () =>
        {
            paused.Set();
            resume.Wait(TimeSpan.FromMinutes(3));
        })).Run(finalEvaluation: false));
        try
        {
            Assert.True(paused.Wait(TimeSpan.FromMinutes(2)), "the first run did not start");
            // The lock file itself cannot be read while held; everything else is compared byte for byte.
            var before = Directory.GetFiles(run).Where(f => Path.GetFileName(f) != ".lock").ToDictionary(f => f, File.ReadAllBytes);

            var (code, _, stderr) = CliRunner.Run(null, "train", "--config", config, "--out", run, "--progress", "none");
            Assert.Equal(2, code);
            TrainCommandTests.AssertOneLine(stderr);
            Assert.Contains("in use", stderr, StringComparison.Ordinal);
            Assert.Equal(before.Keys.Append(Path.Combine(run, ".lock")).Order(), Directory.GetFiles(run).Order());
            foreach (var (file, bytes) in before) Assert.Equal(bytes, File.ReadAllBytes(file));
        }
        finally
        {
            resume.Set();
            await Task.WhenAny(first, Task.Delay(TimeSpan.FromMinutes(3))); // never leave torch running as the test host exits
        }
        await first;
        Assert.Contains("\"seed\": 3", File.ReadAllText(Path.Combine(run, "config.json")), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
