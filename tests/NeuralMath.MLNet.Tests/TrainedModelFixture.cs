using Microsoft.ML;
using Microsoft.ML.Data;
using NeuralMath.Configuration;
using NeuralMath.Data;
using NeuralMath.Tokenization;
using NeuralMath.Training;

[assembly: AssemblyFixture(typeof(NeuralMath.MLNet.Tests.TrainedModelFixture))]

namespace NeuralMath.MLNet.Tests;

/// <summary>
/// One tiny addition model (pairs in [0, 9]², d 16, 1+1 layers, 30 steps) trained once through the full pipeline
/// generate → tokenize → train, the problem stated once (in Generate), shared by every test that needs a fitted
/// transformer. Accuracy is not the point.
/// </summary>
public sealed class TrainedModelFixture
{
    public const int Max = 9;

    public TrainedModelFixture()
    {
        MLContext = new MLContext(seed: 0);
        MLContext.Log += (_, e) => { if (e.Source.StartsWith(nameof(MathSeq2SeqTrainer), StringComparison.Ordinal)) Log.Add(e.Message); };
        var nm = MLContext.NeuralMath();
        // The problem is stated here once; Tokenize and the trainer learn it from the columns.
        var problem = new ProblemOptions { Name = "addition", Max = Max };
        Train = nm.Data.Generate(problem);
        Test = nm.Data.Generate(problem, DataSplit.Test);
        Pipeline = nm.Transforms.Tokenize().Append(nm.Trainers.Seq2Seq(TinyOptions()));
        Model = Pipeline.Fit(Train);
    }

    public MLContext MLContext { get; }

    public List<string> Log { get; } = [];

    public IDataView Train { get; }

    public IDataView Test { get; }

    public EstimatorChain<MathSeq2SeqTransformer> Pipeline { get; }

    public TransformerChain<MathSeq2SeqTransformer> Model { get; }

    public MathSeq2SeqTransformer Solver => Model.LastTransformer;

    /// <summary>The fitted tokenizer in front of the solver (text in, token ids out).</summary>
    public MathTokenizingTransformer Tokenizer => Assert.IsType<MathTokenizingTransformer>(Model.First());

    public static MathSeq2SeqTrainer.Options TinyOptions()
    {
        var o = new MathSeq2SeqTrainer.Options();
        o.Model.ModelDim = 16;
        o.Model.Heads = 2;
        o.Model.EncoderLayers = 1;
        o.Model.DecoderLayers = 1;
        o.Model.FeedForwardDim = 32;
        o.Model.MaxPositions = 8;
        o.Training.Steps = 30;
        o.Training.BatchSize = 32;
        o.Training.WarmupSteps = 5;
        o.Training.LearningRate = 3e-3;
        o.Training.EvalEvery = 15;
        o.Training.ValidationSamples = 10;
        o.Training.Device = "cpu";
        o.Search = o.Search with { Beams = 3 };
        return o;
    }
}
