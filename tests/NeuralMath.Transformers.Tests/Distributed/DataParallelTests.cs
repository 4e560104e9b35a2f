using System.Diagnostics;
using System.Text.Json.Nodes;
using NeuralMath.Artifacts;
using NeuralMath.Tests.Cli;

namespace NeuralMath.Tests.Distributed;

/// <summary>
/// Data-parallel training as users run it: the real CLI under <c>mpiexec</c>. Two ranks train the same model as one
/// process, step for step (float rounding aside, because the gradient sums are added in another order); a job that
/// loses a rank stops, and resumes exactly with another number of ranks. Needs Open MPI (<c>.ci/run</c> installs it
/// and sets NEURALMATH_REQUIRE_MPI=1, so CI fails rather than skips without it).
/// </summary>
public sealed class DataParallelTests : IDisposable
{
    // Dropout off: with it, each rank draws its own masks and the runs are equal in distribution, not step for step.
    private const string TinyAddition = """
        { "problem": { "name": "addition", "max": 30, "outOfSample": 2 }, "tokenizer": { "base": 10 },
          "model": { "modelDim": 32, "heads": 4, "encoderLayers": 1, "decoderLayers": 1, "feedForwardDim": 64, "dropout": 0, "norm": "pre", "maxPositions": 12 },
          "training": { "steps": 100, "batchSize": 32, "learningRate": 0.003, "warmupSteps": 10, "evalEvery": 1, "checkpointEvery": 50,
                        "validationSamples": 16, "validationBeams": 2, "seed": 5, "threads": 1 } }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("nm-mpi-").FullName;
    private readonly string _config;

    public DataParallelTests()
    {
        _config = Path.Combine(_dir, "tiny.json");
        File.WriteAllText(_config, TinyAddition);
    }

    [Fact]
    public void TwoRanks_GiveTheLossesOfOneProcess_ForTheFirst100Steps()
    {
        SkipWithoutMpi();
        string single = Path.Combine(_dir, "single"), ranks = Path.Combine(_dir, "ranks");
        var (code, stdout, stderr) = CliRunner.Run(null, "train", "--config", _config, "--out", single, "--progress", "none", "--no-final-eval");
        Assert.True(code == 0, $"{stdout}\n{stderr}");
        (code, stdout, stderr) = CliRunner.Run(null, "train", "--config", _config, "--out", ranks, "--progress", "none", "--no-final-eval", "--ranks", "2");
        Assert.True(code == 0, $"{stdout}\n{stderr}");

        var one = Metrics(single);
        var two = Metrics(ranks);
        Assert.Equal(100, one.Length);
        Assert.Equal(one.Select(m => (int)m["step"]!), two.Select(m => (int)m["step"]!));
        for (int i = 0; i < one.Length; i++)
        {
            // Each line is one step (evalEvery 1): its training loss, and the loss on validation after it.
            AssertClose((double)one[i]["trainLoss"]!, (double)two[i]["trainLoss"]!, $"training loss at step {i + 1}");
            AssertClose((double)one[i]["validationLoss"]!, (double)two[i]["validationLoss"]!, $"validation loss at step {i + 1}");
            Assert.Equal((long)one[i]["examplesSeen"]!, (long)two[i]["examplesSeen"]!);
        }
        Assert.True((double)one[^1]["trainLoss"]! < (double)one[0]["trainLoss"]! / 2, "the tiny model did not learn: the comparison would prove little");

        // eval under mpiexec: each rank decodes its share, rank 0 prints the report one process prints.
        var model = Path.Combine(single, "model.nmm");
        (code, var oneReport, stderr) = CliRunner.Run(null, "eval", "--model", model, "--split", "train", "--beams", "2", "--json");
        Assert.True(code == 0, stderr);
        (code, var twoReport, stderr) = Mpiexec(2, "eval", "--model", model, "--split", "train", "--beams", "2", "--json");
        Assert.True(code == 0, stderr);
        var (a, b) = (JsonNode.Parse(oneReport)!, JsonNode.Parse(twoReport.Trim())!);
        Assert.Equal((int)a["count"]!, (int)b["count"]!);
        // Same weights; only the batches' shapes differ, which may flip a near-tie between beams, not more.
        Assert.True(Math.Abs((double)a["top1Accuracy"]! - (double)b["top1Accuracy"]!) <= 1.0 / (int)a["count"]!, $"{oneReport}\n{twoReport}");
        Assert.True(Math.Abs((double)a["anyOfKAccuracy"]! - (double)b["anyOfKAccuracy"]!) <= 1.0 / (int)a["count"]!, $"{oneReport}\n{twoReport}");

        // Rank 0 alone wrote the folder, and the records say how the job ran.
        using var checkpoint = ModelArtifact.Load(Path.Combine(ranks, "checkpoint.nmm"), "cpu");
        var environment = checkpoint.Metadata["environment"]!;
        Assert.Equal(2, (int)environment["ranks"]!);
        Assert.Equal(1, (int)environment["hosts"]!);
        Assert.Equal(1, (int)environment["torchThreads"]!);
    }

    [Fact]
    public async Task AJobThatLosesARank_Stops_AndResumesExactlyWithOneRank()
    {
        SkipWithoutMpi();
        Assert.SkipUnless(OperatingSystem.IsLinux(), "finds the rank to kill through /proc");
        string reference = Path.Combine(_dir, "reference"), killed = Path.Combine(_dir, "killed");
        string[] settings = ["--steps", "300", "--set", "training.evalEvery=10", "--set", "training.checkpointEvery=20", "--progress", "none", "--no-final-eval"];
        var (code, stdout, stderr) = CliRunner.Run(null, ["train", "--config", _config, "--out", reference, .. settings]);
        Assert.True(code == 0, $"{stdout}\n{stderr}");

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "neuralmath.dll"), "train", "--config", _config, "--out", killed, .. settings, "--ranks", "2"])
            start.ArgumentList.Add(a);
        using (var launcher = Process.Start(start)!)
        {
            var output = launcher.StandardOutput.ReadToEndAsync();
            var errors = launcher.StandardError.ReadToEndAsync();
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            while (!File.Exists(Path.Combine(killed, "checkpoint.nmm")) && DateTime.UtcNow < deadline && !launcher.HasExited) Thread.Sleep(20);
            int rank1 = RankProcess(1);
            Assert.True(rank1 > 0, "rank 1 not found");
            Process.GetProcessById(rank1).Kill();
            Assert.True(launcher.WaitForExit(TimeSpan.FromMinutes(2)), "the job did not stop after losing a rank");
            Assert.NotEqual(0, launcher.ExitCode);
            Assert.Contains("rank", await output + await errors, StringComparison.OrdinalIgnoreCase);
        }
        int stoppedAt;
        using (var checkpoint = ModelArtifact.Load(Path.Combine(killed, "checkpoint.nmm"), "cpu")) stoppedAt = (int)checkpoint.Metadata["step"]!;
        Assert.InRange(stoppedAt, 20, 280); // killed mid-run, with a checkpoint that loads

        (code, stdout, stderr) = CliRunner.Run(null, ["train", "--out", killed, "--resume", "--progress", "none", "--no-final-eval"]);
        Assert.True(code == 0, $"{stdout}\n{stderr}");
        var expected = Metrics(reference);
        var resumed = Metrics(killed);
        Assert.Equal(expected.Select(m => (int)m["step"]!), resumed.Select(m => (int)m["step"]!));
        for (int i = 0; i < expected.Length; i++)
            AssertClose((double)expected[i]["trainLoss"]!, (double)resumed[i]["trainLoss"]!, $"training loss up to step {expected[i]["step"]}");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // The CLI under mpiexec directly (as users of eval and report run it), with the flags --ranks would add.
    private static (int ExitCode, string Stdout, string Stderr) Mpiexec(int ranks, params string[] args)
    {
        var start = new ProcessStartInfo("mpiexec") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["TERM"] = "dumb";
        string[] launcher = ["-n", ranks.ToString(System.Globalization.CultureInfo.InvariantCulture), "--oversubscribe", "--bind-to", "none"];
        foreach (var a in launcher.Concat(Environment.UserName == "root" ? ["--allow-run-as-root"] : []))
            start.ArgumentList.Add(a);
        foreach (var a in new[] { "dotnet", Path.Combine(AppContext.BaseDirectory, "neuralmath.dll") }.Concat(args)) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3))) process.Kill(entireProcessTree: true);
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static void SkipWithoutMpi() => MpiTestSupport.SkipWithoutMpi();

    private static JsonNode[] Metrics(string run) =>
        File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Select(l => JsonNode.Parse(l)!).ToArray();

    // Float32 gradient sums in another order drift apart slowly; 1e-3 relative over 100 steps of a tiny model is far
    // tighter than any real difference (a wrong shard, a missing allreduce or a doubled gradient move losses by > 10%).
    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-3 * Math.Max(1, Math.Abs(expected)), $"{what}: one process {expected}, two ranks {actual}");

    // The PID of this test's rank r: a neuralmath process whose environment says OMPI_COMM_WORLD_RANK=r.
    private static int RankProcess(int rank)
    {
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            try
            {
                var environ = File.ReadAllText(Path.Combine(dir, "environ")).Split('\0');
                if (environ.Contains($"OMPI_COMM_WORLD_RANK={rank}") && File.ReadAllText(Path.Combine(dir, "cmdline")).Contains("neuralmath", StringComparison.Ordinal))
                    return pid;
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return -1;
    }
}
