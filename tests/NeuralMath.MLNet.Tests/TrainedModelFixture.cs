using Microsoft.ML;
using Microsoft.ML.Data;
using NeuralMath.Data;
using NeuralMath.Tokenization;
using NeuralMath.Training;

[assembly: AssemblyFixture(typeof(NeuralMath.MLNet.Tests.TrainedModelFixture))]

namespace NeuralMath.MLNet.Tests;

/// <summary>
/// One tiny addition model (pairs in [0, 9]², d 16, 1+1 layers, 30 steps) trained once through the full pipeline
/// generate → tokenize → train, shared by every test that needs a fitted transformer. Accuracy is not the point.
/// </summary>
public sealed class TrainedModelFixture
{
    public const int Max = 9;

    public TrainedModelFixture()
    {
        MLContext = new MLContext(seed: 0);
        MLContext.Log += (_, e) => { if (e.Source.StartsWith(nameof(MathSeq2SeqTrainer), StringComparison.Ordinal)) Log.Add(e.Message); };
        var nm = MLContext.NeuralMath();
        Train = nm.Data.Generate("addition", Max, DataSplit.Train);
        Test = nm.Data.Generate("addition", Max, DataSplit.Test);
        Pipeline = nm.Transforms.Tokenize("Tokens", "Input", "addition").Append(nm.Trainers.Seq2Seq(TinyOptions()));
        Model = Pipeline.Fit(Train);
    }

    public MLContext MLContext { get; }

    public List<string> Log { get; } = [];

    public IDataView Train { get; }

    public IDataView Test { get; }

    public EstimatorChain<MathSeq2SeqTransformer> Pipeline { get; }

    public TransformerChain<MathSeq2SeqTransformer> Model { get; }

    public MathSeq2SeqTransformer Solver => Model.LastTransformer;

    public static MathSeq2SeqTrainer.Options TinyOptions()
    {
        var o = new MathSeq2SeqTrainer.Options();
        var c = o.Config;
        c.Problem.Name = "addition";
        c.Problem.Max = Max;
        c.Model.ModelDim = 16;
        c.Model.Heads = 2;
        c.Model.EncoderLayers = 1;
        c.Model.DecoderLayers = 1;
        c.Model.FeedForwardDim = 32;
        c.Model.MaxPositions = 8;
        c.Training.Steps = 30;
        c.Training.BatchSize = 32;
        c.Training.WarmupSteps = 5;
        c.Training.LearningRate = 3e-3;
        c.Training.EvalEvery = 15;
        c.Training.ValidationSamples = 10;
        c.Training.Device = "cpu";
        o.Search = o.Search with { Beams = 3 };
        return o;
    }
}
