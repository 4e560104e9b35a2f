using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace NeuralMath.MLNet.Tests;

/// <summary>Row classes and helpers shared by the tests.</summary>
public sealed class InputRow
{
    public string Input { get; set; } = "";
}

public sealed class OutputRow
{
    public string Input { get; set; } = "";

    public string PredictedLabel { get; set; } = "";

    public string VerifiedAnswer { get; set; } = "";

    public string[] Beams { get; set; } = [];

    public float[] Score { get; set; } = [];

    /// <summary>The line NeuralMath.Samples.Predict prints for this row.</summary>
    public string ToLine() =>
        $"{Input}\t{PredictedLabel}\t{VerifiedAnswer}\t{string.Join('|', Beams)}\t{string.Join('|', Score.Select(s => s.ToString("R", CultureInfo.InvariantCulture)))}";
}

internal static class Rows
{
    /// <summary>Engines over the shared fixture model must not dispose it when they are disposed.</summary>
    public static PredictionEngineOptions SharedModel => new() { OwnsTransformer = false };

    public static IDataView Inputs(MLContext ml, params string[] inputs) => ml.Data.LoadFromEnumerable(inputs.Select(i => new InputRow { Input = i }));

    public static List<string> Lines(MLContext ml, IDataView predictions) =>
        ml.Data.CreateEnumerable<OutputRow>(predictions, reuseRowObject: false).Select(r => r.ToLine()).ToList();
}
