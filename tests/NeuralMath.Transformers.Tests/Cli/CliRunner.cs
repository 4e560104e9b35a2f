using System.Diagnostics;
using System.Text;

namespace NeuralMath.Tests.Cli;

/// <summary>Runs the real <c>neuralmath</c> CLI in its own process, as a user would.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Stdout, string Stderr) Run(string? stdin, params string[] args) =>
        RunWithBytes(stdin is null ? null : new UTF8Encoding(false).GetBytes(stdin), args);

    /// <summary>Runs with a longer limit than the default three minutes (commands that start training processes).</summary>
    public static (int ExitCode, string Stdout, string Stderr) RunLong(TimeSpan limit, params string[] args) => RunWithBytes(null, limit, args);

    /// <summary>Runs with these exact bytes on standard input (null: none).</summary>
    public static (int ExitCode, string Stdout, string Stderr) RunWithBytes(byte[]? stdin, params string[] args) =>
        RunWithBytes(stdin, TimeSpan.FromMinutes(3), args);

    private static (int ExitCode, string Stdout, string Stderr) RunWithBytes(byte[]? stdin, TimeSpan limit, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "neuralmath.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        // Outputs are drained while a large input is still being written, so neither side can block on a full pipe.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) process.StandardInput.BaseStream.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"neuralmath {string.Join(' ', args)} did not finish within {limit.TotalMinutes:F0} minutes; stderr so far: {stderr.Result}");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>A tiny factorization, addition and multitask model, trained once through the CLI for all CLI tests.</summary>
public sealed class TrainedModels : IDisposable
{
    public TrainedModels()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("nm-cli-").FullName;
        Factorization = Train("factorization", """
            { "problem": { "name": "factorization", "max": 200, "outOfSample": 20 }, "tokenizer": { "base": 10 },
              "model": { "modelDim": 32, "heads": 4, "encoderLayers": 1, "decoderLayers": 1, "feedForwardDim": 64, "dropout": 0, "norm": "pre", "maxPositions": 16 },
              "training": { "steps": 60, "batchSize": 64, "warmupSteps": 10, "evalEvery": 30, "checkpointEvery": 30, "threads": 1 } }
            """);
        Addition = Train("addition", """
            { "problem": { "name": "addition", "max": 20, "outOfSample": 5 }, "tokenizer": { "base": 10 },
              "model": { "modelDim": 32, "heads": 4, "encoderLayers": 1, "decoderLayers": 1, "feedForwardDim": 64, "dropout": 0, "norm": "pre", "maxPositions": 12 },
              "training": { "steps": 60, "batchSize": 64, "warmupSteps": 10, "evalEvery": 30, "checkpointEvery": 30, "threads": 1 } }
            """);
        Multitask = Train("multitask", """
            { "problem": { "name": "multitask", "tasks": [ { "name": "addition", "max": 20, "outOfSample": 5 }, { "name": "gcd", "max": 20, "outOfSample": 5, "weight": 2 } ] },
              "tokenizer": { "base": 10 },
              "model": { "modelDim": 32, "heads": 4, "encoderLayers": 1, "decoderLayers": 1, "feedForwardDim": 64, "dropout": 0, "norm": "pre", "maxPositions": 12 },
              "training": { "steps": 60, "batchSize": 64, "warmupSteps": 10, "evalEvery": 30, "checkpointEvery": 30, "threads": 1 } }
            """);
    }

    public string Directory { get; }

    /// <summary>A multitask model: addition and gcd on [0, 20] (gcd from 1), gcd weighted 2.</summary>
    public string Multitask { get; }

    public string Factorization { get; }

    public string Addition { get; }

    private string Train(string name, string json)
    {
        var config = Path.Combine(Directory, name + ".json");
        File.WriteAllText(config, json);
        var run = Path.Combine(Directory, name);
        var (code, stdout, stderr) = CliRunner.Run(null, "train", "--config", config, "--out", run, "--progress", "none");
        Assert.True(code == 0, $"train failed ({code}): {stdout}\n{stderr}");
        return Path.Combine(run, "model.nmm");
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
