// Sample: an ML.NET pipeline that generates addition problems, tokenizes them, trains a small NeuralMath
// encoder-decoder, evaluates it on the held-out test split and saves everything in one ML.NET model zip.
// Packages: Microsoft.ML 5.0.1 and NeuralMath.MLNet. Run: dotnet run --project samples/NeuralMath.Samples.Train -c Release [-- model.zip]
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using NeuralMath;
using NeuralMath.Configuration;
using NeuralMath.Data;
using NeuralMath.DataFrames;
using NeuralMath.Training;

string zipPath = args.Length > 0 ? args[0] : "neuralmath-addition.zip";
var mlContext = new MLContext(seed: 0);
// Training progress arrives through ML.NET's log like any other component's.
mlContext.Log += (_, e) =>
{
    if (e.Kind is ChannelMessageKind.Info or ChannelMessageKind.Warning && e.Source.StartsWith(nameof(MathSeq2SeqTrainer), StringComparison.Ordinal))
        Console.WriteLine($"  [log] {e.Message}");
};
var neuralMath = mlContext.NeuralMath();

// 1. Data: addition pairs in [0, 19]², split by a seeded hash rule into train / validation / test. This is the one
//    place the problem is stated: the Input column carries it to the steps below as an annotation.
var problem = new ProblemOptions { Name = "addition", Max = 19 };
IDataView train = neuralMath.Data.Generate(problem);
IDataView test = neuralMath.Data.Generate(problem, DataSplit.Test);

// 2. A small model: CPU-sized so that the whole sample runs in a minute or two on two cores. The trainer learns the
//    problem, base and vocabulary from the Tokens column, and picks its best step on the validation split of the
//    problem the data was generated from (max 19, split seed 42).
var options = new MathSeq2SeqTrainer.Options();
options.Model.ModelDim = 32;
options.Model.Heads = 4;
options.Model.EncoderLayers = 1;
options.Model.DecoderLayers = 1;
options.Model.FeedForwardDim = 64;
options.Model.MaxPositions = 16;
options.Training.Steps = 600;
options.Training.BatchSize = 64;
options.Training.WarmupSteps = 50;
options.Training.LearningRate = 3e-3;
options.Training.EvalEvery = 200;
options.Training.Device = "cpu";
options.Search = options.Search with { Beams = 3 };

// 3. The pipeline: Tokenize writes the inputs as base-10 token ids (the base is stated here, once) and annotates them
//    with the problem, base and vocabulary; the trainer learns from that column.
var pipeline = neuralMath.Transforms.Tokenize(numberBase: 10)
    .Append(neuralMath.Trainers.Seq2Seq(options));

var clock = System.Diagnostics.Stopwatch.StartNew();
Console.WriteLine("Training...");
var model = pipeline.Fit(train);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Trained in {clock.Elapsed.TotalSeconds:F0} s."));

// 4. Evaluate on the test split (decoding happens here, as the evaluator reads the rows).
var predictions = model.Transform(test);
var metrics = neuralMath.Evaluate(predictions, split: "test");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"test: {metrics.Count} inputs, top-1 {metrics.Top1Accuracy:P1}, any-of-{metrics.Beams} {metrics.AnyOfKAccuracy:P1}, verified {metrics.VerifiedAccuracy:P1}"));
Console.WriteLine(predictions.ToFlatDataFrame(maxRows: 5));

// 5. Save: weights, config and options all go inside the zip.
mlContext.Model.Save(model, train.Schema, zipPath);
Console.WriteLine($"Saved {zipPath} ({new FileInfo(zipPath).Length:N0} bytes).");
