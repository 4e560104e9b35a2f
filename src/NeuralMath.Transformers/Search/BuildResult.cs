using NeuralMath.Evaluation;

namespace NeuralMath.Search;

/// <summary>What a finished build found.</summary>
public sealed class BuildResult
{
    internal BuildResult(BuildRecord record, IReadOnlyList<LeaderboardRow> leaderboard, TrialRecord winner, string modelPath, double searchSeconds)
    {
        Record = record;
        Leaderboard = leaderboard;
        Winner = winner;
        ModelPath = modelPath;
        SearchSeconds = searchSeconds;
    }

    /// <summary>Everything build.json holds.</summary>
    public BuildRecord Record { get; }

    /// <summary>Every trial, best first.</summary>
    public IReadOnlyList<LeaderboardRow> Leaderboard { get; }

    /// <summary>The best trial.</summary>
    public TrialRecord Winner { get; }

    /// <summary>The winner's model file (model.nmm in the build folder).</summary>
    public string ModelPath { get; }

    /// <summary>The winner's held-out test results (null when the test split is empty).</summary>
    public EvaluationReport? Test => Record.Test;

    /// <summary>The winner's out-of-sample results (null when there are no out-of-sample inputs).</summary>
    public EvaluationReport? OutOfSample => Record.OutOfSample;

    /// <summary>Wall-clock seconds of the search, over every session of the build.</summary>
    public double SearchSeconds { get; }

    /// <summary>Wall-clock seconds of the winner's final evaluation.</summary>
    public double EvaluationSeconds => Record.EvaluationSeconds ?? 0;
}
