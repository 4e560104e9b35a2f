using Microsoft.ML;
using NeuralMath.Internal;

namespace NeuralMath.MLNet.Tests;

/// <summary>Wrong column names or types fail in GetOutputSchema, Fit and Transform with ML.NET's wording.</summary>
public sealed class SchemaErrorTests(TrainedModelFixture fixture)
{
    private sealed class NumberRow
    {
        public float Input { get; set; }
    }

    private sealed class OtherRow
    {
        public string Question { get; set; } = "";
    }

    [Fact]
    public void MissingColumn_NamesIt_InEstimatorFitAndTransform()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable([new OtherRow { Question = "1+2" }]);
        var trainer = ml.NeuralMath().Trainers.Seq2Seq(TrainedModelFixture.TinyOptions());
        var e1 = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.GetOutputSchema(SchemaShapes.FromSchema(data.Schema)));
        var e2 = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(data));
        var e3 = Assert.Throws<ArgumentOutOfRangeException>(() => fixture.Solver.Transform(data));
        foreach (var e in new[] { e1, e2, e3 }) Assert.Contains("Could not find input column 'Tokens'", e.Message, StringComparison.Ordinal);
        var e4 = Assert.Throws<ArgumentOutOfRangeException>(() => fixture.Model.Transform(data)); // the saved chain starts at the text
        Assert.Contains("Could not find input column 'Input'", e4.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFitRefusedByItsSettings_FailsClearly_WithoutATemporaryFolderWarning()
    {
        var ml = new MLContext();
        var log = new List<string>();
        ml.Log += (_, e) => log.Add(e.Message);
        var options = TrainedModelFixture.TinyOptions();
        options.Model.MaxPositions = 4; // too short for "[SOS] 1 2 + 3 4 [EOS]"
        var data = ml.Data.LoadFromEnumerable([new InputRow { Input = "12+34" }, new InputRow { Input = "5+6" }]);
        var nm = ml.NeuralMath();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => nm.Transforms.Tokenize(problem: "addition").Append(nm.Trainers.Seq2Seq(options)).Fit(data));
        Assert.Contains("model.maxPositions", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(log, m => m.Contains("Could not delete", StringComparison.Ordinal));
    }

    [Fact]
    public void WrongType_NamesColumnExpectedAndActual()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable([new NumberRow { Input = 3 }]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ml.NeuralMath().Transforms.Tokenize(problem: "addition").Fit(data));
        Assert.Contains("Schema mismatch for input column 'Input': expected String, got Single", e.Message, StringComparison.Ordinal);
        var f = Assert.Throws<ArgumentOutOfRangeException>(() => ml.NeuralMath().Transforms.Tokenize(problem: "factorization").Fit(data));
        Assert.Contains("expected String or Int64, got Single", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WithoutBeamsColumn_NamesIt()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable([new OtherRow { Question = "1+2" }]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ml.NeuralMath().Evaluate(data));
        Assert.Contains("Could not find beams column 'Beams'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidOptions_FailInTheConstructor()
    {
        var ml = new MLContext();
        var options = TrainedModelFixture.TinyOptions();
        options.Training.Steps = 0;
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.NeuralMath().Trainers.Seq2Seq(options));
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.NeuralMath().Transforms.Tokenize(numberBase: 1));
    }
}
