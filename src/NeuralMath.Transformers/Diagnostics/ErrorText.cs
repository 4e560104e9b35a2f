namespace NeuralMath.Diagnostics;

/// <summary>
/// Makes another library's exception text fit inside one of our one-line error messages. Native libraries put
/// whatever they read into their messages: from a damaged file that is raw bytes, which is never shown.
/// </summary>
internal static class ErrorText
{
    private const int MaxLength = 240;

    /// <summary>The first line of <paramref name="message"/>, trimmed and shortened; null when it holds unreadable characters.</summary>
    public static string? Readable(string? message)
    {
        if (string.IsNullOrWhiteSpace(message)) return null;
        string line = message.Split('\n', 2)[0].Trim();
        if (line.Length == 0 || line.Any(c => char.IsControl(c) || c == '\uFFFD' || char.IsSurrogate(c))) return null;
        return line.Length <= MaxLength ? line : string.Concat(line.AsSpan(0, MaxLength), "…");
    }

    /// <summary>" (reason)" from an exception's readable message, or nothing.</summary>
    public static string Detail(Exception e) => Readable(e?.Message) is string reason ? $" ({reason.TrimEnd('.')})" : "";
}
