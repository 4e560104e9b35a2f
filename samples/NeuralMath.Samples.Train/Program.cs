// Sample: an ML.NET pipeline that generates addition problems, tokenizes them, trains a small NeuralMath
// encoder-decoder, evaluates it on the held-out test split and saves everything in one ML.NET model zip.
// Packages: Microsoft.ML 5.0.1 and NeuralMath.MLNet. Run: dotnet run --project samples/NeuralMath.Samples.Train -c Release [-- model.zip]
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using NeuralMath;
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

// 1. Data: addition pairs in [0, 19]², split by a seeded hash rule into train / validation / test.
var problem = new ProblemDataOptions { Problem = "addition", Max = 19 };
IDataView train = neuralMath.Data.Generate(problem);
IDataView test = neuralMath.Data.Generate(new ProblemDataOptions { Problem = "addition", Max = 19, Split = DataSplit.Test });

// 2. A small model: CPU-sized so that the whole sample runs in a minute or two on two cores. The trainer picks its
//    best step on the validation split of this same problem definition (Max 19, split seed 42).
var options = new MathSeq2SeqTrainer.Options();
options.Config.Problem.Name = "addition";
options.Config.Problem.Max = 19;
options.Config.Tokenizer.Base = 10;
options.Config.Model.ModelDim = 32;
options.Config.Model.Heads = 4;
options.Config.Model.EncoderLayers = 1;
options.Config.Model.DecoderLayers = 1;
options.Config.Model.FeedForwardDim = 64;
options.Config.Model.MaxPositions = 16;
options.Config.Training.Steps = 600;
options.Config.Training.BatchSize = 64;
options.Config.Training.WarmupSteps = 50;
options.Config.Training.LearningRate = 3e-3;
options.Config.Training.EvalEvery = 200;
options.Config.Training.Device = "cpu";
options.Search = options.Search with { Beams = 3 };

// 3. The pipeline: the Tokens column is there to look at; the trainer tokenizes the Input column itself.
var pipeline = neuralMath.Transforms.Tokenize("Tokens", "Input", problem: "addition", numberBase: 10)
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
