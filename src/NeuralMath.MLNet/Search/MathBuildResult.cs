using Microsoft.ML;
using NeuralMath.Evaluation;
using NeuralMath.Training;

namespace NeuralMath.Search;

/// <summary>
/// What <c>mlContext.NeuralMath().Build(...)</c> found: the leaderboard, the winner as a fitted ML.NET transformer, and its
/// held-out metrics. Save the model like any other: <c>mlContext.Model.Save(result.Model, result.InputSchema, "model.zip")</c>.
/// </summary>
public sealed class MathBuildResult
{
    internal MathBuildResult(BuildResult build, MathSeq2SeqTransformer model, DataViewSchema inputSchema)
    {
        Details = build;
        Model = model;
        InputSchema = inputSchema;
    }

    /// <summary>Every trial, best first: settings that differ from the start, steps, minutes, validation metric, status.</summary>
    public IReadOnlyList<LeaderboardRow> Leaderboard => Details.Leaderboard;

    /// <summary>The best trial (its settings, config, curve).</summary>
    public TrialRecord Winner => Details.Winner;

    /// <summary>The winner, fitted: it decodes the <c>Input</c> column (String) into PredictedLabel, Beams, Score and VerifiedAnswer.</summary>
    /// <remarks>It owns the torch model's native memory; dispose it (or the <see cref="PredictionEngine{TSrc, TDst}"/> made on it) when done.</remarks>
    public MathSeq2SeqTransformer Model { get; }

    /// <summary>The schema the model reads (one String column, <c>Input</c>), for <c>mlContext.Model.Save</c>.</summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>The winner on the held-out test split (null when it is empty).</summary>
    public MathMetrics? TestMetrics => Details.Test is { } r ? new MathMetrics(r) : null;

    /// <summary>The winner on the out-of-sample inputs (null when there are none).</summary>
    public MathMetrics? OutOfSampleMetrics => Details.OutOfSample is { } r ? new MathMetrics(r) : null;

    /// <summary>Everything the core build reports (build.json's contents, timings, the model file's path).</summary>
    public BuildResult Details { get; }
}
