using System.Diagnostics;
using System.Text;

namespace NeuralMath.Packaging.Tests;

/// <summary>Runs the dotnet command line in a process of its own, as a developer would, and collects what it prints.</summary>
public static class Dotnet
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Runs <c>dotnet</c> with <paramref name="args"/> in <paramref name="workingDirectory"/>. MSBuild variables of the test
    /// host's own build are left out, so a child build resolves its SDK like a fresh shell; <paramref name="environment"/>
    /// adds or replaces variables.
    /// </summary>
    public static Result Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunProgram("dotnet", workingDirectory, environment, args);

    /// <summary>Runs <paramref name="program"/> (an installed tool, say) the same way.</summary>
    public static Result RunProgram(string program, string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k == "DOTNET_HOST_PATH").ToList())
            start.Environment.Remove(key);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Close();
        bool exited = process.WaitForExit(Timeout);
        if (!exited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        return new Result(string.Join(' ', args.Prepend(Path.GetFileName(program))), exited ? process.ExitCode : -1, stdout.Result, stderr.Result, clock.Elapsed, !exited);
    }

    /// <summary>What a command did.</summary>
    public sealed record Result(string Command, int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed, bool TimedOut)
    {
        /// <summary>Everything it printed, for assertion messages.</summary>
        public string Output => Stdout + Stderr;

        /// <summary>Fails the test with the command's output unless it exited with 0.</summary>
        public Result Succeeded()
        {
            Assert.True(ExitCode == 0, $"{Command} {(TimedOut ? "timed out" : $"exited {ExitCode}")} after {Elapsed.TotalSeconds:F0} s:\n{Output}");
            return this;
        }
    }
}
