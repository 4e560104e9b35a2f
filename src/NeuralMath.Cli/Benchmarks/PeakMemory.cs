using System.Diagnostics;
using System.Globalization;

namespace NeuralMath.Cli.Benchmarks;

/// <summary>
/// Peak resident set of this process: Linux's VmHWM, which <see cref="Reset"/> clears (writing 5 to
/// /proc/self/clear_refs) so each phase gets its own peak. Elsewhere, <see cref="Process.PeakWorkingSet64"/> (not resettable).
/// </summary>
internal static class PeakMemory
{
    private const string Status = "/proc/self/status", ClearRefs = "/proc/self/clear_refs";

    /// <summary>True when the peak could be reset, so the next reading covers only what ran since.</summary>
    public static bool Reset()
    {
        try
        {
            if (!File.Exists(ClearRefs)) return false;
            File.WriteAllText(ClearRefs, "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Peak resident set in megabytes (MiB).</summary>
    public static double Megabytes()
    {
        if (File.Exists(Status))
            foreach (var line in File.ReadLines(Status))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64 / (1024.0 * 1024.0);
    }
}
