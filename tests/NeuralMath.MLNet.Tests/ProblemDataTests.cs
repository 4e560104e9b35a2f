using Microsoft.ML;
using Microsoft.ML.Data;
using NeuralMath.Data;

namespace NeuralMath.MLNet.Tests;

/// <summary>Generated problems as a data source: deterministic, split like the core, lazy for large ranges.</summary>
public sealed class ProblemDataTests
{
    [Fact]
    public void Splits_PartitionTheRange_AndMatchTheCore()
    {
        var nm = new MLContext().NeuralMath();
        var counts = new[] { DataSplit.Train, DataSplit.Validation, DataSplit.Test }
            .Select(s => nm.Data.Generate("factorization", 500, s).GetColumn<string>("Input").Count()).ToArray();
        Assert.Equal(498, counts.Sum()); // n in [2, 500)
        var rule = new SplitRule(42, 0.05, 0.05);
        var core = ProblemData.Inputs(new Problems.FactorizationProblem(), 500, rule, DataSplit.Test, 0).Select(i => i[0].ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(core, nm.Data.Generate("factorization", 500, DataSplit.Test).GetColumn<string>("Input"));
    }

    [Fact]
    public void Rows_HaveExactLabels_AndTheSplitName()
    {
        var view = new MLContext().NeuralMath().Data.Generate("factorization", 100, DataSplit.Train);
        var labels = view.GetColumn<string>("Input").Zip(view.GetColumn<string>("Label")).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal("7 * 13", labels.GetValueOrDefault("91", "7 * 13")); // 91 may sit in another split
        Assert.All(labels, p => Assert.Equal(long.Parse(p.Key, System.Globalization.CultureInfo.InvariantCulture),
            p.Value.Split(" * ").Select(x => long.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).Aggregate(1L, (a, b) => a * b)));
        Assert.All(view.GetColumn<string>("Split"), s => Assert.Equal("train", s));
    }

    [Fact]
    public void HugeRange_IsLazy()
    {
        var view = new MLContext().NeuralMath().Data.Generate("factorization", 1L << 50, DataSplit.OutOfSample);
        Assert.Null(view.GetRowCount());
        Assert.Equal(["1125899906842624", "1125899906842625"], view.GetColumn<string>("Input").Take(2));
    }

    [Fact]
    public void SameSeed_SameRows_OtherSeed_OtherRows()
    {
        var nm = new MLContext().NeuralMath();
        string[] Rows(ulong seed) => [.. nm.Data.Generate("addition", 30, DataSplit.Test, seed).GetColumn<string>("Input")];
        Assert.Equal(Rows(7), Rows(7));
        Assert.NotEqual(Rows(7), Rows(8));
    }
}
