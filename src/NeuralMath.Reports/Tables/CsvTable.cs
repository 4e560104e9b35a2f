using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace NeuralMath.Reports.Tables;

/// <summary>
/// Writes a <see cref="DataFrame"/> as CSV with numbers in their shortest round-trip form (0.465, not
/// DataFrame.SaveCsv's 0.46500000000000002), invariant culture, UTF-8 without a byte-order mark, empty cells for nulls.
/// </summary>
public static class CsvTable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="table"/> to <paramref name="path"/>, header first.</summary>
    public static void Save(DataFrame table, string path)
    {
        ArgumentNullException.ThrowIfNull(table);
        var csv = new StringBuilder();
        csv.AppendJoin(',', table.Columns.Select(c => Quote(c.Name))).Append('\n');
        for (long row = 0; row < table.Rows.Count; row++)
            csv.AppendJoin(',', table.Columns.Select(c => Quote(Cell(c[row])))).Append('\n');
        File.WriteAllText(path, csv.ToString(), Utf8);
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    // RFC 4180: quote a cell holding a comma, quote or line break; double its quotes.
    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\n\r") < 0 ? cell : "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
