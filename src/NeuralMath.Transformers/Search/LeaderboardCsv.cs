using System.Globalization;
using System.Text;
using NeuralMath.IO;

namespace NeuralMath.Search;

/// <summary>Writes a build's <c>leaderboard.csv</c>: one row per trial, best first.</summary>
internal static class LeaderboardCsv
{
    public const string FileName = "leaderboard.csv";

    public static string Format(IReadOnlyList<LeaderboardRow> rows, SearchMetric metric)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder($"rank,trial,settings,steps,minutes,validation_{metric.Name()},validation_loss,best_step,status\n");
        foreach (var r in rows)
            text.Append(c, $"{r.Rank},{r.Trial},{Quote(r.Settings)},{r.Steps},{r.Minutes:F2},{r.Metric:F4},{r.Loss:F4},{r.BestStep},{Name(r.Status)}\n");
        return text.ToString();
    }

    public static void Write(string directory, IReadOnlyList<LeaderboardRow> rows, SearchMetric metric) =>
        AtomicFile.Default.WriteAllText(Path.Combine(directory, FileName), Format(rows, metric));

    /// <summary>A status as build.json and the leaderboard spell it: running, trained, promoted, pruned, interrupted, failed, winner.</summary>
    public static string Name(TrialStatus status) => status.ToString().ToLowerInvariant();

    private static string Quote(string field) => field.Contains(',', StringComparison.Ordinal) || field.Contains('"', StringComparison.Ordinal)
        ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : field;
}
