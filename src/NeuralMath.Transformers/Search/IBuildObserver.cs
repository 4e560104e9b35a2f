namespace NeuralMath.Search;

/// <summary>Receives a build's progress: the CLI draws the live leaderboard, ML.NET forwards to its log.</summary>
public interface IBuildObserver
{
    /// <summary>Something worth telling the user (the plan, a decision, the final evaluation...).</summary>
    void Message(string text);

    /// <summary>The leaderboard changed: a trial started, validated, finished, was promoted or pruned.</summary>
    void Changed(BuildSnapshot snapshot);

    /// <summary>The running trial finished a step (called often: keep it cheap).</summary>
    void Stepped(int trial, int step, int targetSteps);
}

/// <summary>The leaderboard at one moment.</summary>
/// <param name="Rows">Every trial, best first.</param>
/// <param name="Metric">What the trials are ranked by.</param>
/// <param name="SpentSeconds">Budget used so far.</param>
/// <param name="BudgetSeconds">The whole budget.</param>
public sealed record BuildSnapshot(IReadOnlyList<LeaderboardRow> Rows, SearchMetric Metric, double SpentSeconds, double BudgetSeconds);

/// <summary>One line of the leaderboard.</summary>
/// <param name="Rank">1 for the best.</param>
/// <param name="Trial">The trial's number.</param>
/// <param name="Settings">Its settings that differ from the space's start; <c>(start)</c> for none.</param>
/// <param name="Steps">Steps trained.</param>
/// <param name="Minutes">Wall-clock minutes it has used.</param>
/// <param name="Metric">The ranking metric of its kept (best-on-validation) model; null before its first validation.</param>
/// <param name="Loss">That model's validation loss.</param>
/// <param name="BestStep">The step of that model.</param>
/// <param name="Status">Where it stands.</param>
public sealed record LeaderboardRow(int Rank, int Trial, string Settings, int Steps, double Minutes, double? Metric, double? Loss, int? BestStep, TrialStatus Status)
{
    /// <summary>Rows for <paramref name="trials"/>, best first.</summary>
    public static IReadOnlyList<LeaderboardRow> For(IEnumerable<TrialRecord> trials, SearchMetric metric) =>
        [.. SuccessiveHalving.Ranked(trials, metric).Select((t, i) =>
        {
            var best = t.Best();
            return new LeaderboardRow(i + 1, t.Id, t.Description, t.Steps, t.Seconds / 60, best?.Value(metric), best?.ValidationLoss, best?.Step, t.Status);
        })];
}
