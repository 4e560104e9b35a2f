// Sample: loads an ML.NET model zip written by NeuralMath.Samples.Train (or any pipeline ending in NeuralMath's trainer)
// and predicts with a PredictionEngine. Nothing NeuralMath-specific is called to load: ML.NET finds the components itself.
// Run: dotnet run --project samples/NeuralMath.Samples.Predict -c Release -- model.zip 45+2 7+8 ...
// Output, one line per input, tab-separated: input, best answer, verified answer, the n-best answers (|-separated),
// their scores (round-trip format, so two runs can be compared bit for bit).
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: NeuralMath.Samples.Predict <model.zip> <input> [input...]   e.g. model.zip 3+4 12+9");
    return 2;
}

var mlContext = new MLContext(seed: 0);
ITransformer model = mlContext.Model.Load(args[0], out _);
using var engine = mlContext.Model.CreatePredictionEngine<MathInput, MathOutput>(model);
foreach (var input in args.Skip(1))
{
    var output = engine.Predict(new MathInput { Input = input });
    string scores = string.Join('|', output.Score.Select(s => s.ToString("R", CultureInfo.InvariantCulture)));
    Console.WriteLine($"{input}\t{output.PredictedLabel}\t{output.VerifiedAnswer}\t{string.Join('|', output.Beams)}\t{scores}");
}
return 0;

/// <summary>The pipeline's input row.</summary>
internal sealed class MathInput
{
    public string Input { get; set; } = "";
}

/// <summary>The columns NeuralMath's transformer adds.</summary>
internal sealed class MathOutput
{
    public string PredictedLabel { get; set; } = "";

    public string VerifiedAnswer { get; set; } = "";

    public string[] Beams { get; set; } = [];

    public float[] Score { get; set; } = [];
}
