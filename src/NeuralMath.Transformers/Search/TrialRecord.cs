using System.Text.Json.Nodes;

namespace NeuralMath.Search;

/// <summary>Where a trial stands.</summary>
public enum TrialStatus
{
    /// <summary>Training now.</summary>
    Running,

    /// <summary>Finished its segment; its rung is still being filled or decided.</summary>
    Trained,

    /// <summary>Chosen to continue to the next rung, not continued yet.</summary>
    Promoted,

    /// <summary>Not among the best of its rung: it stops here.</summary>
    Pruned,

    /// <summary>Its segment was cut short (the budget ran out, or the build was stopped); <c>--resume</c> finishes it when there is time.</summary>
    Interrupted,

    /// <summary>Training refused its settings or diverged; see <see cref="TrialRecord.Failure"/>.</summary>
    Failed,

    /// <summary>The build's best trial.</summary>
    Winner,
}

/// <summary>One validation of a trial: a line of its <c>metrics.jsonl</c>, reduced to what the search uses.</summary>
/// <param name="Step">Optimizer steps trained.</param>
/// <param name="TrainingSeconds">Training time so far (optimizer steps only, as the trainer counts it).</param>
/// <param name="ValidationLoss">Teacher-forced loss per target token.</param>
/// <param name="ValidationTop1">Top-1 accuracy on the validation inputs.</param>
/// <param name="ValidationAnyOfK">Any-of-k accuracy, when validation decodes more than one beam.</param>
public sealed record CurvePoint(int Step, double TrainingSeconds, double ValidationLoss, double ValidationTop1, double? ValidationAnyOfK)
{
    /// <summary>The value of <paramref name="metric"/> here (any-of-k falls back to top-1 when only one beam was decoded).</summary>
    public double Value(SearchMetric metric) => metric == SearchMetric.Top1 ? ValidationTop1 : ValidationAnyOfK ?? ValidationTop1;

    /// <summary>
    /// Whether this point is a better model than <paramref name="other"/> by the trainer's own rule for keeping
    /// <c>model.nmm</c>: higher top-1, then lower loss.
    /// </summary>
    public bool KeptOver(CurvePoint? other) =>
        other is null || ValidationTop1 > other.ValidationTop1 || (ValidationTop1 == other.ValidationTop1 && ValidationLoss < other.ValidationLoss);
}

/// <summary>A trial of a build: its settings, how far it trained, its validation curve and where it stands. Saved in build.json.</summary>
public sealed class TrialRecord
{
    /// <summary>1-based trial number; trial 1 is the space's start.</summary>
    public int Id { get; set; }

    /// <summary>The dimensions this trial sets differently from the start (dimension name → value).</summary>
    public Dictionary<string, JsonNode> Settings { get; set; } = [];

    /// <summary>The settings as the leaderboard shows them, e.g. <c>width=32 norm=post</c>; <c>(start)</c> for trial 1.</summary>
    public string Description { get; set; } = "";

    /// <summary>Steps trained so far (its checkpoint's step).</summary>
    public int Steps { get; set; }

    /// <summary>The step its current segment trains to; above <see cref="Steps"/> while a segment is unfinished.</summary>
    public int Target { get; set; }

    /// <summary>Wall-clock seconds of all its segments (training, validation, building its data).</summary>
    public double Seconds { get; set; }

    /// <summary>Every validation, in step order.</summary>
    public List<CurvePoint> Curve { get; set; } = [];

    /// <summary>Why training refused or stopped it; null unless <see cref="Status"/> is <see cref="TrialStatus.Failed"/>.</summary>
    public string? Failure { get; set; }

    /// <summary>Where it stands (decided by the scheduler; <see cref="TrialStatus.Winner"/> once the build ends).</summary>
    public TrialStatus Status { get; set; } = TrialStatus.Trained;

    /// <summary>The config of its latest segment, complete (training.steps is that segment's target).</summary>
    public JsonObject? Config { get; set; }

    /// <summary>Its kept model among the validations up to <paramref name="steps"/> (all when null): the point the trainer's <c>model.nmm</c> holds.</summary>
    public CurvePoint? Best(int? steps = null)
    {
        CurvePoint? best = null;
        foreach (var point in Curve)
            if ((steps is null || point.Step <= steps) && point.KeptOver(best)) best = point;
        return best;
    }
}
