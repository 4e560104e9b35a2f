using System.Text;

namespace NeuralMath.Tests.Cli;

/// <summary>One generated standard-input line for an addition model.</summary>
/// <param name="Kind">What the generator meant to produce, for failure messages.</param>
/// <param name="Bytes">The line's bytes, without its terminator.</param>
/// <param name="Terminator">"\n", "\r\n" or, for the last line only, nothing.</param>
/// <param name="Echo">The input as predict must echo it: the bytes read as UTF-8, less the CR of a CRLF ending.</param>
/// <param name="Usable">True: must be answered; false: must be an error line; null: either (random content).</param>
internal sealed record InputLine(string Kind, byte[] Bytes, byte[] Terminator, string Echo, bool? Usable);

/// <summary>
/// Seeded lines a user (or a broken file) may feed to <c>predict</c>: good additions, blank and whitespace-only
/// lines, random bytes and Unicode, very long lines, text that looks like an option, CR, NUL and BOM.
/// </summary>
internal static class InputLineGenerator
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private static readonly string[] OptionLike = ["-h", "--help", "-k", "-k 3", "--json", "--", "-", "@/etc/hostname", "@file.rsp", "--model=x", "-m"];

    private static readonly string[] OddSpaces = ["\u00A0", "\u2028", "\u2029", "\u3000", "\v", "\f", "\u0085", "\u200B"];

    /// <summary>
    /// <paramref name="count"/> lines; the first starts with a UTF-8 byte-order mark, which predict removes.
    /// </summary>
    public static List<InputLine> Generate(int seed, int count)
    {
        var random = new Random(seed);
        var lines = new List<InputLine> { FromText("bom first", "\uFEFF3+4", "\n", "3+4", true) };
        while (lines.Count < count)
        {
            string terminator = lines.Count == count - 1 && random.Next(2) == 0 ? "" : random.Next(3) == 0 ? "\r\n" : "\n";
            lines.Add(random.Next(12) switch
            {
                0 or 1 => FromText("good", Good(random), terminator, null, true),
                2 => FromText("blank", new string(' ', random.Next(4)) + new string('\t', random.Next(3)), terminator, null, false),
                3 => RandomBytes(random, terminator),
                4 => FromText("unicode", RandomUnicode(random), terminator, null, null),
                5 => FromText("odd space", Insert(random, Good(random), OddSpaces[random.Next(OddSpaces.Length)]), terminator, null, false),
                6 => FromText("long", LongLine(random), terminator, null, false),
                7 => FromText("option-like", OptionLike[random.Next(OptionLike.Length)], terminator, null, false),
                8 => FromText("inner CR", Insert(random, Good(random), "\r"), terminator, null, false),
                9 => FromText("two CRs", Good(random) + "\r", "\r\n", null, false),
                10 => FromText("NUL", Insert(random, Good(random), "\0"), terminator, null, false),
                _ => FromText("later BOM", "\uFEFF" + Good(random), terminator, null, false),
            });
        }
        return lines;
    }

    /// <summary>a+b with small operands, sometimes with leading zeros or spaces and tabs around the parts.</summary>
    private static string Good(Random random)
    {
        string Blank() => random.Next(4) == 0 ? (random.Next(2) == 0 ? " " : "\t") : "";
        string Number() => new string('0', random.Next(3) == 0 ? random.Next(1, 3) : 0) + random.Next(0, 21);
        return $"{Blank()}{Number()}{Blank()}+{Blank()}{Number()}{Blank()}";
    }

    /// <summary><paramref name="text"/> with <paramref name="inserted"/> strictly inside it (not at either end).</summary>
    private static string Insert(Random random, string text, string inserted)
    {
        int at = random.Next(1, text.Length);
        return text[..at] + inserted + text[at..];
    }

    private static InputLine RandomBytes(Random random, string terminator)
    {
        var bytes = new byte[random.Next(1, 40)];
        random.NextBytes(bytes);
        for (int i = 0; i < bytes.Length; i++) if (bytes[i] == (byte)'\n') bytes[i] = (byte)'x';
        return Make("random bytes", bytes, terminator, null);
    }

    private static string RandomUnicode(Random random)
    {
        // Code points from ASCII, Latin-1, combining marks, CJK, specials and astral planes; never '\n' or a surrogate.
        int[][] ranges = [[0x20, 0x7E], [0xA0, 0xFF], [0x300, 0x36F], [0x4E00, 0x4E80], [0xFFF0, 0xFFFD], [0x1F600, 0x1F64F], [0x0, 0x1F]];
        var sb = new StringBuilder();
        int length = random.Next(1, 30);
        for (int i = 0; i < length; i++)
        {
            var range = ranges[random.Next(ranges.Length)];
            int cp = random.Next(range[0], range[1] + 1);
            sb.Append(cp == '\n' ? "?" : char.ConvertFromUtf32(cp));
        }
        return sb.ToString();
    }

    private static string LongLine(Random random)
    {
        int length = random.Next(1_000, 100_000);
        return random.Next(3) switch
        {
            0 => new string('9', length),
            1 => new string('1', length / 2) + "+" + new string('2', length / 2),
            _ => string.Concat(Enumerable.Range(0, length).Select(_ => (char)random.Next('!', '~' + 1))),
        };
    }

    private static InputLine FromText(string kind, string text, string terminator, string? echo, bool? usable) =>
        Make(kind, Utf8.GetBytes(text), terminator, usable, echo);

    private static InputLine Make(string kind, byte[] bytes, string terminator, bool? usable, string? echo = null)
    {
        // Only '\n' ends a line, and one CR before it (or before the end of input) belongs to the line ending.
        string read = Utf8.GetString(bytes) + terminator.TrimEnd('\n');
        if (read.EndsWith('\r')) read = read[..^1];
        return new InputLine(kind, bytes, Utf8.GetBytes(terminator), echo ?? read, usable);
    }
}
