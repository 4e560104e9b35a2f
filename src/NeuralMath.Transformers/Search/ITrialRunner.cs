using NeuralMath.Configuration;
using NeuralMath.Evaluation;

namespace NeuralMath.Search;

/// <summary>
/// Trains one segment of a trial: from the step its folder's checkpoint holds (0 for a new trial) to
/// <c>Config.Training.Steps</c>. The build's scheduler talks to trials only through this, so it can be tested with a fake.
/// </summary>
public interface ITrialRunner
{
    /// <summary>
    /// Trains the segment, reporting steps and validations through <paramref name="progress"/>, and stops early (with a
    /// checkpoint to continue from) when <paramref name="cancellation"/> fires or <see cref="TrialSegment.TimeLimit"/> runs out.
    /// </summary>
    SegmentOutcome Run(TrialSegment segment, ITrialProgress progress, CancellationToken cancellation);

    /// <summary>
    /// Evaluates the trial's kept model (best on validation) on the problem's held-out test and out-of-sample inputs, as
    /// <c>neuralmath train</c> ends a run. <paramref name="segment"/> is the trial at its last step.
    /// </summary>
    HeldOutResults EvaluateHeldOut(TrialSegment segment);
}

/// <summary>A model's results on the held-out splits.</summary>
/// <param name="Test">The test split (null when it is empty).</param>
/// <param name="OutOfSample">The out-of-sample inputs (null when there are none).</param>
public sealed record HeldOutResults(EvaluationReport? Test, EvaluationReport? OutOfSample);

/// <summary>What a runner reports while a segment trains.</summary>
public interface ITrialProgress
{
    /// <summary>An optimizer step finished (called often: keep it cheap).</summary>
    void Stepped(int step);

    /// <summary>A validation finished.</summary>
    void Evaluated(CurvePoint point);
}

/// <summary>A stretch of training for one trial.</summary>
/// <param name="Trial">The trial's number.</param>
/// <param name="Config">The trial's config; <c>training.steps</c> is where this segment ends.</param>
/// <param name="Directory">The trial's run folder (its checkpoint, best model and metrics).</param>
/// <param name="FromStep">Steps already trained (the folder's checkpoint); 0 for a new trial.</param>
/// <param name="TimeLimit">Wall-clock time the segment may take before it must stop.</param>
public sealed record TrialSegment(int Trial, RunConfig Config, string Directory, int FromStep, TimeSpan TimeLimit)
{
    /// <summary>Where the segment ends.</summary>
    public int TargetSteps => Config.Training.Steps;
}

/// <summary>How a segment ended.</summary>
public enum SegmentEnd
{
    /// <summary>It reached its target.</summary>
    Completed,

    /// <summary>Its time limit ran out first.</summary>
    TimeLimit,

    /// <summary>The build was cancelled.</summary>
    Cancelled,

    /// <summary>Training refused the settings or diverged.</summary>
    Failed,
}

/// <summary>The result of a segment.</summary>
/// <param name="Steps">The step the trial's checkpoint now holds.</param>
/// <param name="End">How it ended.</param>
/// <param name="Failure">The one-line reason when <paramref name="End"/> is <see cref="SegmentEnd.Failed"/>.</param>
public sealed record SegmentOutcome(int Steps, SegmentEnd End, string? Failure = null);
