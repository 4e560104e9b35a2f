using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using NeuralMath.Evaluation;
using NeuralMath.Training;

namespace NeuralMath.Search;

/// <summary>
/// Trains trials with the core <see cref="Trainer"/>, in this process: a new trial is a new run in its folder, a
/// continued one a <c>--resume</c> with a larger <c>training.steps</c> (the checkpoint carries the model, the optimizer
/// state and the data order; from there the learning rate follows the longer schedule).
/// </summary>
public sealed class TrainerTrialRunner : ITrialRunner
{
    // The longest validation seen: a segment is asked to stop this long before its time limit, so that a validation
    // started just before the limit still ends within it.
    private double _validationSeconds;

    /// <inheritdoc />
    public SegmentOutcome Run(TrialSegment segment, ITrialProgress progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(progress);
        var observer = new Observer(progress);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (segment.TimeLimit != Timeout.InfiniteTimeSpan)
            stop.CancelAfter(TimeSpan.FromSeconds(Math.Max(0, segment.TimeLimit.TotalSeconds - 1.5 * _validationSeconds)));
        var trainer = new Trainer(segment.Config, segment.Directory, observer);
        try
        {
            var results = trainer.Run(resume: File.Exists(trainer.CheckpointPath), stop.Token, finalEvaluation: false);
            if (results["interrupted"] is null) return new SegmentOutcome(segment.TargetSteps, SegmentEnd.Completed);
            int step = (int)results["step"]!;
            return new SegmentOutcome(step, cancellation.IsCancellationRequested ? SegmentEnd.Cancelled : SegmentEnd.TimeLimit);
        }
        catch (Exception e) when (e is TrainingDivergedException or ArgumentException)
        {
            // A diverged run, or settings the data or the machine refuses (positions too short, too large to fit): this trial
            // ends, the build goes on.
            return new SegmentOutcome(Math.Max(segment.FromStep, observer.LastEvaluatedStep), SegmentEnd.Failed, e.Message.Split('\n')[0]);
        }
        finally
        {
            _validationSeconds = Math.Max(_validationSeconds, observer.LongestValidationSeconds);
        }
    }

    /// <inheritdoc />
    public HeldOutResults EvaluateHeldOut(TrialSegment segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        // Resumed at its own last step, the trainer trains nothing and ends as train does: the kept model on test and
        // out-of-sample inputs, into the trial's results.json.
        var results = new Trainer(segment.Config, segment.Directory).Run(resume: true, finalEvaluation: true);
        return new HeldOutResults(Report(results["test"]), Report(results["oos"]));
    }

    private static EvaluationReport? Report(JsonNode? node) => node?.Deserialize<EvaluationReport>(EvaluationJson.Options);

    // Turns the trainer's events into the search's: steps as they come, validations as curve points.
    private sealed class Observer(ITrialProgress progress) : ITrainingObserver
    {
        private readonly Stopwatch _sinceStep = new();

        public int LastEvaluatedStep { get; private set; }

        public double LongestValidationSeconds { get; private set; }

        public void Started(int firstStep, int totalSteps, string summary) { }

        public void Stepped(int step, int totalSteps, double loss, double learningRate, double tokensPerSecond)
        {
            _sinceStep.Restart();
            progress.Stepped(step);
        }

        public void Evaluated(JsonObject record)
        {
            LongestValidationSeconds = Math.Max(LongestValidationSeconds, _sinceStep.Elapsed.TotalSeconds);
            LastEvaluatedStep = (int)record["step"]!;
            progress.Evaluated(new CurvePoint(LastEvaluatedStep, (double)record["trainingSeconds"]!, (double)record["validationLoss"]!,
                (double)record["validationTop1"]!, record["validationAnyOfK"] is JsonNode k ? (double)k : null));
        }

        public void Message(string text) { }
    }
}
