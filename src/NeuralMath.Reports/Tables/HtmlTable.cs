using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Data.Analysis;

namespace NeuralMath.Reports.Tables;

/// <summary>A <see cref="DataFrame"/> as an HTML table: double columns (fractions) as percentages, the rest as they are.</summary>
internal static class HtmlTable
{
    /// <summary>Renders the table; <paramref name="isFraction"/> picks the double columns shown as percentages (default: all).</summary>
    public static string Render(DataFrame table, int percentDecimals, Func<string, bool>? isFraction = null)
    {
        var c = CultureInfo.InvariantCulture;
        var html = new StringBuilder("<table><tr>");
        foreach (var column in table.Columns) html.Append(c, $"<th>{E(column.Name)}</th>");
        html.Append("</tr>\n");
        for (long row = 0; row < table.Rows.Count; row++)
        {
            html.Append("<tr>");
            foreach (var column in table.Columns)
            {
                bool percent = isFraction?.Invoke(column.Name) ?? true;
                string text = column[row] switch
                {
                    null => "",
                    double d when percent => d.ToString("P" + percentDecimals.ToString(c), c),
                    IFormattable f => f.ToString(null, c),
                    var other => other.ToString() ?? "",
                };
                html.Append(c, $"<td>{E(text)}</td>");
            }
            html.Append("</tr>\n");
        }
        return html.Append("</table>\n").ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
