using Microsoft.ML;
using NeuralMath.Configuration;
using NeuralMath.Data;

namespace NeuralMath.MLNet.Tests;

/// <summary>
/// A multitask model in ML.NET: generated inputs carry their task (<c>gcd:gcd(4,6)</c>), the pipeline learns the tasks from
/// the column's problem annotation, the metrics report each task, and the saved zip answers alike in another process.
/// </summary>
public sealed class MultitaskTests : IDisposable
{
    private static readonly string[] Inputs = ["addition:3+4", "gcd:4,6", "gcd:gcd(9,6)", "addition:9+9", "3+4", "sub:3-1"];
    private readonly string _dir = Directory.CreateTempSubdirectory("nm-mlnet-multi-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ProblemOptions Problem() => new()
    {
        Name = "multitask",
        Tasks =
        [
            new ProblemOptions { Name = "addition", Max = 9, ValidationFraction = 0.2, TestFraction = 0.2 },
            new ProblemOptions { Name = "gcd", Max = 9, Weight = 2, ValidationFraction = 0.2, TestFraction = 0.2 },
        ],
    };

    [Fact]
    public void AMultitaskPipeline_Trains_ReportsEachTask_AndReloadsInAnotherProcess()
    {
        var ml = new MLContext(seed: 0);
        var nm = ml.NeuralMath();
        var train = nm.Data.Generate(Problem());
        var options = TrainedModelFixture.TinyOptions();
        options.Model.MaxPositions = 10;
        var model = nm.Transforms.Tokenize().Append(nm.Trainers.Seq2Seq(options)).Fit(train);

        var inputs = ml.Data.CreateEnumerable<InputRow>(nm.Data.Generate(Problem(), DataSplit.Test), reuseRowObject: false).Select(r => r.Input).ToArray();
        Assert.Contains(inputs, i => i.StartsWith("gcd:gcd(", StringComparison.Ordinal));
        Assert.Contains(inputs, i => i.StartsWith("addition:", StringComparison.Ordinal));
        var metrics = nm.Evaluate(model.Transform(Rows.Inputs(ml, inputs)));
        Assert.Equal(["addition", "gcd"], metrics.Report.Tasks!.Keys);
        Assert.Equal(inputs.Length, metrics.Report.Tasks.Values.Sum(r => r.Count));

        string zip = Path.Combine(_dir, "multitask.zip");
        ml.Model.Save(model, train.Schema, zip);
        var expected = Rows.Lines(ml, model.Transform(Rows.Inputs(ml, Inputs)));
        // Inputs without a known task are answered with empty texts, like any input the model cannot take.
        Assert.StartsWith("3+4\t\t\t||\tNaN", expected[4], StringComparison.Ordinal);

        Assert.Equal(expected, PredictSample.Run(zip, Inputs));
    }
}
