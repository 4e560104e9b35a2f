using NeuralMath.Evaluation;
using NeuralMath.Search;

namespace NeuralMath.Tests.Search;

/// <summary>
/// A trial runner without torch: a trial's validation accuracy is a fixed function of its config and its step, and each
/// step takes a fixed time on a <see cref="ManualTime"/> clock. Like the real trainer it validates every evalEvery steps
/// and at its target, stops at its time limit or on cancellation with the step it reached, and continues from there.
/// </summary>
internal sealed class FakeTrialRunner(ManualTime time) : ITrialRunner
{
    /// <summary>Seconds per step of a trial (default: a tenth of a second, twice that for width 128).</summary>
    public Func<TrialSegment, double> SecondsPerStep { get; init; } = s => s.Config.Model.ModelDim >= 128 ? 0.2 : 0.1;

    /// <summary>How good a trial gets, in (0, 1]: its accuracy approaches this (default: a function of its settings).</summary>
    public Func<TrialSegment, double> Quality { get; init; } = DefaultQuality;

    /// <summary>Settings training refuses: the segment fails at its first step with this message (null: none).</summary>
    public Func<TrialSegment, string?> Failure { get; init; } = _ => null;

    /// <summary>Cancelled (as Ctrl+C would) once this many steps have run in total, over every segment.</summary>
    public CancellationTokenSource? CancelAfter { get; init; }

    /// <summary>The step count at which <see cref="CancelAfter"/> fires.</summary>
    public int CancelAtTotalStep { get; init; } = int.MaxValue;

    /// <summary>Every segment as (trial, from step, to step, step reached).</summary>
    public List<(int Trial, int From, int To, int Reached)> Segments { get; } = [];

    public int TotalSteps { get; private set; }

    public SegmentOutcome Run(TrialSegment segment, ITrialProgress progress, CancellationToken cancellation)
    {
        if (Failure(segment) is string failure) return Record(segment, segment.FromStep, new SegmentOutcome(segment.FromStep, SegmentEnd.Failed, failure));
        double pace = SecondsPerStep(segment), used = 0;
        int every = segment.Config.Training.EvalEvery;
        for (int step = segment.FromStep; step < segment.TargetSteps; step++)
        {
            if (cancellation.IsCancellationRequested) return Record(segment, step, new SegmentOutcome(step, SegmentEnd.Cancelled));
            if (segment.TimeLimit != Timeout.InfiniteTimeSpan && used + pace > segment.TimeLimit.TotalSeconds)
                return Record(segment, step, new SegmentOutcome(step, SegmentEnd.TimeLimit));
            time.Advance(pace);
            used += pace;
            if (++TotalSteps == CancelAtTotalStep) CancelAfter?.Cancel();
            progress.Stepped(step + 1);
            if ((step + 1) % every == 0 || step + 1 == segment.TargetSteps)
            {
                // Like the trainer, keep a model file in the trial's folder (its content is of no interest here).
                Directory.CreateDirectory(segment.Directory);
                File.WriteAllText(Path.Combine(segment.Directory, "model.nmm"), $"trial {segment.Trial}");
                progress.Evaluated(Point(segment, step + 1));
            }
        }
        return Record(segment, segment.TargetSteps, new SegmentOutcome(segment.TargetSteps, SegmentEnd.Completed));
    }

    public HeldOutResults EvaluateHeldOut(TrialSegment segment)
    {
        var point = Point(segment, segment.FromStep);
        return new HeldOutResults(
            new EvaluationReport { Problem = segment.Config.Problem.Name, Split = "test", Count = 100, Beams = 1, Top1Accuracy = point.ValidationTop1 },
            new EvaluationReport { Problem = segment.Config.Problem.Name, Split = "oos", Count = 10, Beams = 1, Top1Accuracy = point.ValidationTop1 / 2 });
    }

    /// <summary>The validation a trial would report at <paramref name="step"/>: rising towards its quality.</summary>
    public CurvePoint Point(TrialSegment segment, int step)
    {
        double top1 = Math.Round(Quality(segment) * (1 - Math.Exp(-step / 400.0)), 6);
        return new CurvePoint(step, step * SecondsPerStep(segment), Math.Round(2 - 1.5 * top1, 6), top1, null);
    }

    // Wider, pre-norm, relative, lr 2e-3 are better; every setting moves the quality a little, so no two configs tie.
    private static double DefaultQuality(TrialSegment s)
    {
        var c = s.Config;
        double q = 0.5 + c.Model.ModelDim / 512.0 + (c.Model.Norm == NeuralMath.Model.NormPlacement.Pre ? 0.05 : 0) + c.Model.EncoderLayers * 0.01
            + c.Model.FeedForwardDim / 10_000.0 + c.Model.Heads / 1_000.0 - Math.Abs(c.Training.LearningRate - 2e-3) * 20
            + c.Training.WarmupSteps / 100_000.0 + c.Training.BatchSize / 50_000.0 - c.Model.Dropout + c.Tokenizer.Base / 10_000.0
            + (int)c.Model.Positions / 1_000.0;
        return Math.Clamp(q, 0.05, 1);
    }

    private SegmentOutcome Record(TrialSegment segment, int reached, SegmentOutcome outcome)
    {
        Segments.Add((segment.Trial, segment.FromStep, segment.TargetSteps, reached));
        return outcome;
    }
}
