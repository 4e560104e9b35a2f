using System.Diagnostics;
using System.Reflection;
using NeuralMath.Distributed;

namespace NeuralMath.Cli.Commands;

/// <summary>
/// <c>--ranks N</c>: runs this same command line as an N-rank MPI job on this machine (<c>mpiexec -n N</c>), so that
/// one-machine data parallelism needs no MPI knowledge. Several machines take a real <c>mpirun</c> with a hostfile.
/// </summary>
internal static class MpiLaunch
{
    /// <summary>Whether this process should launch the job instead of running: asked for, and not already a rank.</summary>
    public static bool Wanted(int ranks) => ranks > 1 && Communicator.LaunchedRanks() == 1;

    /// <summary>Starts <c>mpiexec</c> with this process's arguments minus <c>--ranks</c>; returns its exit code.</summary>
    public static int Run(int ranks)
    {
        try
        {
            using var job = Process.Start(Job(ranks, WithoutRanks(Environment.GetCommandLineArgs().Skip(1))))!;
            job.WaitForExit();
            if (job.ExitCode != 0)
                Console.Error.WriteLine($"error: the {ranks}-rank job stopped (exit code {job.ExitCode}; mpiexec names the rank above). " +
                    "Its run folder keeps the last checkpoint: continue with --resume, with any number of ranks.");
            return job.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException(MissingLauncher);
        }
    }

    /// <summary>The message when <c>mpiexec</c> cannot be started.</summary>
    public const string MissingLauncher =
        "--ranks needs MPI's launcher, mpiexec, on PATH: install Open MPI (Debian/Ubuntu: apt-get install openmpi-bin) or MS-MPI on Windows.";

    /// <summary><c>mpiexec</c> running this program with <paramref name="arguments"/> as <paramref name="ranks"/> ranks on this machine.</summary>
    public static ProcessStartInfo Job(int ranks, IEnumerable<string> arguments)
    {
        var (program, prefix) = Self();
        var start = new ProcessStartInfo("mpiexec") { UseShellExecute = false };
        // .NET's console writes terminal set-up bytes when TERM names a terminal; ranks never draw on one.
        start.Environment["TERM"] = "dumb";
        start.ArgumentList.Add("-n");
        start.ArgumentList.Add(ranks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!OperatingSystem.IsWindows())
        {
            // Open MPI: more ranks than cores are allowed (the user asked for them), ranks are not pinned to one core
            // each (torch threads need room), and waiting ranks yield the core instead of spinning.
            foreach (var a in new[] { "--oversubscribe", "--bind-to", "none", "--mca", "mpi_yield_when_idle", "1" }) start.ArgumentList.Add(a);
            if (Environment.UserName == "root") start.ArgumentList.Add("--allow-run-as-root");
        }
        start.ArgumentList.Add(program);
        foreach (var a in prefix.Concat(arguments)) start.ArgumentList.Add(a);
        return start;
    }

    /// <summary>This program run once more, as a plain process, with <paramref name="arguments"/>.</summary>
    public static ProcessStartInfo Single(IEnumerable<string> arguments)
    {
        var (program, prefix) = Self();
        var start = new ProcessStartInfo(program) { UseShellExecute = false };
        foreach (var a in prefix.Concat(arguments)) start.ArgumentList.Add(a);
        return start;
    }

    // The executable to start in every rank: the apphost, or dotnet plus this assembly when run as `dotnet neuralmath.dll`.
    private static (string Program, string[] Prefix) Self()
    {
        string process = Environment.ProcessPath ?? throw new InvalidOperationException("--ranks: cannot tell which program this is.");
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? (process, [Assembly.GetEntryAssembly()!.Location])
            : (process, []);
    }

    internal static IEnumerable<string> WithoutRanks(IEnumerable<string> args)
    {
        bool skipValue = false;
        foreach (var a in args)
        {
            if (skipValue) { skipValue = false; continue; }
            if (a == "--ranks") { skipValue = true; continue; }
            if (a.StartsWith("--ranks=", StringComparison.Ordinal)) continue;
            yield return a;
        }
    }
}
