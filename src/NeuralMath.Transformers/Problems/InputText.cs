using System.Globalization;
using System.Text;

namespace NeuralMath.Problems;

/// <summary>
/// The rules for input text typed by a user, shared by every problem's parser and by the CLI: what counts as
/// blank, and how an input is repeated in a message.
/// </summary>
public static class InputText
{
    /// <summary>Most characters of an input an error message repeats.</summary>
    public const int QuoteLength = 64;

    /// <summary>
    /// Removes spaces and tabs around <paramref name="text"/>. Nothing else is blank: a line break, NUL or other
    /// Unicode space would let one line be read as another (or as several), so it makes the input invalid.
    /// </summary>
    public static string Trim(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Trim(' ', '\t');
    }

    /// <summary>
    /// <paramref name="text"/> on one visible line: control characters, line and paragraph separators, the
    /// byte-order mark and unpaired surrogates are written as <c>\uXXXX</c>; everything else is kept.
    /// </summary>
    public static string Printable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        StringBuilder? sb = null;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            if (pair)
            {
                sb?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            if (char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\uFEFF')
            {
                sb ??= new StringBuilder(text, 0, i, text.Length + 16);
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                sb?.Append(c);
            }
        }
        return sb?.ToString() ?? text;
    }

    /// <summary>
    /// <paramref name="text"/> in single quotes for a message: at most <see cref="QuoteLength"/> characters
    /// (then "…"), <see cref="Printable"/>, so a huge or binary input cannot flood or break the message.
    /// </summary>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= QuoteLength) return $"'{Printable(text)}'";
        // Do not cut a surrogate pair in half.
        int cut = char.IsHighSurrogate(text[QuoteLength - 1]) ? QuoteLength - 1 : QuoteLength;
        return $"'{Printable(text[..cut])}…'";
    }
}
