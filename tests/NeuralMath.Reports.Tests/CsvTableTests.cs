using System.Globalization;
using Microsoft.Data.Analysis;
using NeuralMath.Reports.Tables;

namespace NeuralMath.Reports.Tests;

public sealed class CsvTableTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"nm-csv-{Guid.NewGuid():N}.csv");

    [Fact]
    public void Numbers_AreShortestRoundTrip_NullsEmpty_AndTextQuotedOnlyWhenNeeded()
    {
        double[] values = [0.465, 58.13, 1.0 / 3];
        var table = new DataFrame(
            new StringDataFrameColumn("run", ["a", "b,c", "say \"hi\""]),
            new DoubleDataFrameColumn("value", values.Select(v => (double?)v)),
            new Int64DataFrameColumn("examples", [159841L, null, 7L]));
        CsvTable.Save(table, _path);

        var lines = File.ReadAllLines(_path);
        Assert.Equal(["run,value,examples", "a,0.465,159841", "\"b,c\",58.13,", "\"say \"\"hi\"\"\",0.3333333333333333,7"], lines);
        // The short form is exact: it parses back to the same double.
        Assert.Equal(1.0 / 3, double.Parse(lines[3].Split(',')[^2], CultureInfo.InvariantCulture));
        Assert.NotEqual(0xEF, File.ReadAllBytes(_path)[0]); // no byte-order mark
    }

    public void Dispose() => File.Delete(_path);
}
