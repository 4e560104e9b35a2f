using System.Globalization;

namespace NeuralMath.Search;

/// <summary>The leaderboard as text: a table for terminals and final summaries, one line per change for logs.</summary>
public static class LeaderboardText
{
    /// <summary>The column headings of <see cref="Row"/>.</summary>
    public static string Header(SearchMetric metric) =>
        string.Create(CultureInfo.InvariantCulture, $"{"rank",4}  {"trial",5}  {"steps",7}  {"min",6}  {"val " + metric.Name(),12}  {"state",-11}  settings");

    /// <summary>A row of the table.</summary>
    public static string Row(LeaderboardRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return string.Create(CultureInfo.InvariantCulture,
            $"{row.Rank,4}  {row.Trial,5}  {row.Steps,7:N0}  {row.Minutes,6:F1}  {Percent(row.Metric),12}  {LeaderboardCsv.Name(row.Status),-11}  {row.Settings}");
    }

    /// <summary>The whole table: a header and a row per trial.</summary>
    public static IEnumerable<string> Table(BuildSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.Rows.Select(Row).Prepend(Header(snapshot.Metric));
    }

    /// <summary>
    /// One line for each trial whose status or validation metric changed since <paramref name="previous"/> (null: every
    /// trial), for logs and redirected output, e.g. <c>trial 3 (width=32): step 250, 0.4 min, validation top1 95.20 %, trained</c>.
    /// </summary>
    public static IEnumerable<string> Changes(BuildSnapshot? previous, BuildSnapshot current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var before = previous?.Rows.ToDictionary(r => r.Trial) ?? [];
        foreach (var row in current.Rows.OrderBy(r => r.Trial))
        {
            if (before.TryGetValue(row.Trial, out var old) && old.Metric == row.Metric && old.Status == row.Status) continue;
            yield return string.Create(CultureInfo.InvariantCulture,
                $"trial {row.Trial} ({row.Settings}): step {row.Steps:N0}, {row.Minutes:F1} min, validation {current.Metric.Name()} {Percent(row.Metric)}, {LeaderboardCsv.Name(row.Status)}");
        }
    }

    private static string Percent(double? value) => value is double v ? (v * 100).ToString("F2", CultureInfo.InvariantCulture) + " %" : "-";
}
