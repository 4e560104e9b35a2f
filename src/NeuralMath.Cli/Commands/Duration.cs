using System.Globalization;
using System.Text.RegularExpressions;

namespace NeuralMath.Cli.Commands;

/// <summary>Reads a time budget as people write it: 90s, 3m, 1h, 1h30m, 2.5m.</summary>
internal static partial class Duration
{
    public static TimeSpan Parse(string text, string option)
    {
        var m = Pattern().Match(text ?? "");
        if (!m.Success || text!.Length == 0)
            throw new ArgumentException($"{option} '{text}': write a duration such as 90s, 3m, 1h or 1h30m.");
        double seconds = Part(m, "h") * 3600 + Part(m, "m") * 60 + Part(m, "s");
        if (seconds <= 0 || seconds > TimeSpan.FromDays(30).TotalSeconds)
            throw new ArgumentException($"{option} '{text}' must be more than 0 and at most 30 days.");
        return TimeSpan.FromSeconds(seconds);
    }

    private static double Part(Match m, string unit) =>
        m.Groups[unit].Success ? double.Parse(m.Groups[unit].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"^(?:(?<h>\d+(?:\.\d+)?)h)?(?:(?<m>\d+(?:\.\d+)?)m)?(?:(?<s>\d+(?:\.\d+)?)s)?$")]
    private static partial Regex Pattern();
}
