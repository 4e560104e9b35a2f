using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;
using NeuralMath.DataFrames;
using NeuralMath.Training;

namespace NeuralMath.MLNet.Tests;

/// <summary>The full pipeline: fit, lazy transform, prediction engine, evaluation, DataFrames.</summary>
public sealed class PipelineTests(TrainedModelFixture fixture)
{
    private static readonly string[] Inputs = ["3+4", "9+9", "0+0", "12+1", "7+x"];

    [Fact]
    public void Fit_ReturnsSeq2SeqTransformer_AndLogsProgressToMLContext()
    {
        Assert.IsType<MathSeq2SeqTransformer>(fixture.Solver);
        Assert.Contains(fixture.Log, m => m.Contains("validation top-1", StringComparison.Ordinal));
    }

    [Fact]
    public void EstimatorSchema_MatchesTransformerSchema()
    {
        var shape = fixture.Pipeline.GetOutputSchema(NeuralMath.Internal.SchemaShapes.FromSchema(fixture.Train.Schema));
        var schema = fixture.Model.GetOutputSchema(fixture.Train.Schema);
        foreach (var name in new[] { "Tokens", "PredictedLabel", "Beams", "Score", "VerifiedAnswer" })
        {
            var column = shape.Single(c => c.Name == name);
            var type = schema[name].Type;
            Assert.Equal(column.ItemType, type is VectorDataViewType v ? v.ItemType : type);
        }
        Assert.Equal(new VectorDataViewType(TextDataViewType.Instance, 3), schema["Beams"].Type);
    }

    [Fact]
    public void Transform_IsLazy_NothingDecodesBeforeACursorMoves()
    {
        var solver = fixture.Solver;
        long before = solver.DecodedRows;
        var scored = fixture.Model.Transform(Rows.Inputs(fixture.MLContext, "3+4", "5+5"));
        Assert.Equal(before, solver.DecodedRows);
        using var cursor = scored.GetRowCursor(scored.Schema);
        Assert.Equal(before, solver.DecodedRows);
        var getter = cursor.GetGetter<ReadOnlyMemory<char>>(scored.Schema["PredictedLabel"]);
        var beams = cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(scored.Schema["Beams"]);
        Assert.True(cursor.MoveNext());
        Assert.Equal(before, solver.DecodedRows); // moving alone does not decode; reading does
        ReadOnlyMemory<char> label = default;
        VBuffer<ReadOnlyMemory<char>> beamValues = default;
        getter(ref label);
        beams(ref beamValues);
        Assert.Equal(before + 1, solver.DecodedRows); // two columns, one decode
    }

    [Fact]
    public void PredictionEngine_AgreesWithTransform_AndHandlesBadInputs()
    {
        var ml = fixture.MLContext;
        var fromTransform = Rows.Lines(ml, fixture.Model.Transform(Rows.Inputs(ml, Inputs)));
        using var engine = ml.Model.CreatePredictionEngine<InputRow, OutputRow>(fixture.Model, Rows.SharedModel);
        var fromEngine = Inputs.Select(i =>
        {
            var o = engine.Predict(new InputRow { Input = i });
            o.Input = i;
            return o.ToLine();
        }).ToList();
        Assert.Equal(fromTransform, fromEngine);
        var bad = engine.Predict(new InputRow { Input = "7+x" });
        Assert.Equal("", bad.PredictedLabel);
        Assert.All(bad.Score, s => Assert.True(float.IsNaN(s)));
    }

    [Fact]
    public void RowToRowMapper_IsAvailable()
    {
        Assert.True(fixture.Solver.IsRowToRowMapper);
        var mapper = ((ITransformer)fixture.Model).GetRowToRowMapper(fixture.Train.Schema);
        Assert.Contains(mapper.OutputSchema, c => c.Name == "VerifiedAnswer");
    }

    [Fact]
    public void Evaluate_UsesTheCoreReport()
    {
        var nm = fixture.MLContext.NeuralMath();
        var metrics = nm.Evaluate(fixture.Model.Transform(fixture.Test), split: "test");
        Assert.Equal(3, metrics.Beams);
        Assert.True(metrics.Count > 0);
        Assert.InRange(metrics.Top1Accuracy, 0, metrics.AnyOfKAccuracy);
        Assert.Equal(metrics.AnyOfKAccuracy, metrics.VerifiedAccuracy);
        Assert.Contains("largerOperand", metrics.Groups.Keys);

        var table = metrics.ToDataFrame();
        Assert.Equal("all", table["Group"][0]);
        Assert.Equal((long)metrics.Count, table["Count"][0]);
    }

    [Fact]
    public void DataFrame_WorksAsInput_AndPredictionsBecomeADataFrame()
    {
        var frame = new DataFrame(new StringDataFrameColumn("Input", ["3+4", "2+2"]));
        var predictions = fixture.Model.Transform(frame);
        var flat = predictions.ToFlatDataFrame();
        Assert.Equal(2, flat.Rows.Count);
        Assert.Equal("3+4", flat["Input"][0]);
        Assert.Equal("7 3 8", flat["Tokens"][0]); // [PAD] [SOS] [EOS] +, then digits from id 4
        Assert.IsType<SingleDataFrameColumn>(flat["Score1"]);
        Assert.Equal(flat["Beams1"][1], flat["PredictedLabel"][1]);
    }
}
