using System.Text;

namespace NeuralMath.Cli.Commands;

/// <summary>
/// Splits standard input into lines for <c>predict</c>, which answers each with exactly one output line. Only
/// <c>\n</c> ends a line (a lone <c>\r</c> stays inside it), so the count of inputs is the count of newlines.
/// </summary>
internal static class InputLines
{
    /// <summary>
    /// The UTF-8 text of <paramref name="stream"/> as lines: one trailing <c>\r</c> of each (CRLF files) and a
    /// byte-order mark at the very start are removed; blank lines are kept; invalid bytes read as U+FFFD. A last
    /// line without <c>\n</c> still counts.
    /// </summary>
    public static List<string> Read(Stream stream)
    {
        // No encoding detection: a UTF-16 byte-order mark must not change how the rest is read.
        using var reader = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), detectEncodingFromByteOrderMarks: false);
        string text = reader.ReadToEnd();
        if (text.StartsWith('\uFEFF')) text = text[1..];
        var lines = new List<string>();
        int start = 0;
        while (start < text.Length)
        {
            int end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length;
            int length = end - start;
            if (length > 0 && text[end - 1] == '\r') length--;
            lines.Add(text.Substring(start, length));
            start = end + 1;
        }
        return lines;
    }
}
