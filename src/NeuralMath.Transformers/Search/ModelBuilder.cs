using System.Globalization;
using System.Text.Json.Nodes;
using NeuralMath.Configuration;
using NeuralMath.IO;
using NeuralMath.Problems;
using NeuralMath.Training;

namespace NeuralMath.Search;

/// <summary>
/// A build, Model Builder's experience for one math problem: trials from a <see cref="SearchSpace"/> trained and compared
/// on the validation split under a wall-clock budget (<see cref="SuccessiveHalving"/>: the best continue from their
/// checkpoints), a live leaderboard, build.json and leaderboard.csv written as it goes (so <see cref="BuildOptions.Resume"/>
/// continues an interrupted build), and the winner evaluated on the held-out test and out-of-sample inputs and copied to
/// model.nmm.
/// </summary>
/// <remarks>
/// Trials run one at a time, in this process (each through an <see cref="ITrialRunner"/>; the real one is the core
/// <see cref="Trainer"/>, whose runs take turns on torch's global random state anyway). Each trial has a run folder,
/// trials/NNN, that <c>neuralmath eval</c>, <c>report</c> and <c>compare</c> read like any other. When the build ends, the
/// checkpoints of pruned and failed trials are deleted (their best models stay): they will never be continued.
/// </remarks>
public sealed class ModelBuilder
{
    private readonly BuildOptions _options;
    private readonly ITrialRunner _runner;
    private readonly IBuildObserver? _observer;
    private readonly TimeProvider _time;

    /// <summary>A build; <paramref name="runner"/> defaults to training with <see cref="Trainer"/>, <paramref name="time"/> to the system clock.</summary>
    public ModelBuilder(BuildOptions options, ITrialRunner? runner = null, IBuildObserver? observer = null, TimeProvider? time = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.OutputDirectory, "options.OutputDirectory");
        _runner = runner ?? new TrainerTrialRunner();
        _observer = observer;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The build folder.</summary>
    public string Directory => _options.OutputDirectory!;

    /// <summary>A trial's run folder.</summary>
    public string TrialDirectory(int trial) => Path.Combine(Directory, "trials", trial.ToString("000", CultureInfo.InvariantCulture));

    /// <summary>
    /// Searches until the budget is spent or nothing more fits, then evaluates the winner. Everything is checked before the
    /// folder is written. Cancelling stops the running trial at its next step with a checkpoint, records the build as
    /// stopped and throws <see cref="OperationCanceledException"/>; <see cref="BuildOptions.Resume"/> continues it.
    /// </summary>
    /// <exception cref="ArgumentException">An invalid option, space or problem (one line naming it).</exception>
    /// <exception cref="InvalidOperationException">The folder already holds a build (and this is no resume), or no trial was validated within the budget.</exception>
    public BuildResult Run(CancellationToken cancellation = default)
    {
        var (record, space) = Open();
        var metric = record.Metric;
        double budget = record.BudgetSeconds;
        using var folderLock = RunFolderLock.Acquire(Directory);
        double spentBefore = record.SpentSeconds;
        long started = _time.GetTimestamp();
        double Spent() => spentBefore + _time.GetElapsedTime(started).TotalSeconds;
        void Save()
        {
            record.SpentSeconds = Spent();
            record.Save(Directory);
            var rows = LeaderboardRow.For(record.Trials, metric);
            LeaderboardCsv.Write(Directory, rows, metric);
            _observer?.Changed(new BuildSnapshot(rows, metric, record.SpentSeconds, budget));
        }

        _observer?.Message(_options.Resume
            ? string.Create(CultureInfo.InvariantCulture, $"Resuming the build in '{Directory}': {record.Trials.Count} trial(s), {Clock(spentBefore)} of {Clock(budget)} spent.")
            : Plan(space, metric, budget));
        record.State = "searching";
        Save();
        while (true)
        {
            if (cancellation.IsCancellationRequested) Stop(record, Save, cancellation);
            var decision = SuccessiveHalving.Decide(space.Schedule, metric, record.Trials, record.PlannedTrials, budget, budget - Spent());
            record.PlannedTrials = decision.PlannedTrials;
            foreach (var trial in record.Trials) trial.Status = decision.Statuses[trial.Id];
            TrialRecord current;
            switch (decision.Action)
            {
                case StopSearch stop:
                    _observer?.Message($"Search over: {stop.Reason}.");
                    return Finish(record, space, Spent(), Save);
                case StartTrial start:
                    int id = record.Trials.Count + 1;
                    var settings = space.Sample(record.Seed, id, record.Trials.Select(t => t.Description).ToHashSet(StringComparer.Ordinal));
                    if (settings is null)
                    {
                        // The space has no untried valid combination left: the first rung is as large as it gets.
                        record.PlannedTrials = record.Trials.Count;
                        _observer?.Message($"The space has no untried combination left after {record.Trials.Count} trial(s).");
                        continue;
                    }
                    current = new TrialRecord { Id = id, Settings = new(settings, StringComparer.Ordinal), Description = space.Describe(settings) };
                    record.Trials.Add(current);
                    current.Target = start.TargetSteps;
                    break;
                case ContinueTrial next:
                    current = record.Trials.Single(t => t.Id == next.Trial);
                    if (next.Fill) _observer?.Message(string.Create(CultureInfo.InvariantCulture, $"Trial {current.Id} trains on for the time left: to step {next.TargetSteps:N0}."));
                    current.Target = next.TargetSteps;
                    break;
                default:
                    throw new InvalidOperationException($"Unknown search action {decision.Action}.");
            }
            var outcome = RunSegment(record, space, current, budget - Spent(), Spent, Save, cancellation);
            if (outcome.End == SegmentEnd.Cancelled) Stop(record, Save, cancellation);
            if (outcome.End == SegmentEnd.TimeLimit)
            {
                _observer?.Message("Search over: the time budget is spent.");
                return Finish(record, space, Spent(), Save);
            }
        }
    }

    // Checks everything and reads or makes the record; writes nothing.
    private (BuildRecord Record, SearchSpace Space) Open()
    {
        if (_options.Budget <= TimeSpan.Zero) throw new ArgumentException($"The time budget must be positive, not {_options.Budget}.");
        string file = Path.Combine(Directory, BuildRecord.FileName);
        if (_options.Resume)
        {
            var saved = BuildRecord.Load(Directory);
            var savedSpace = SearchSpace.Parse(saved.Space.ToJsonString(), $"'{file}' space");
            var p = savedSpace.Problem;
            if (!string.Equals(p.Name, _options.Problem.Name, StringComparison.OrdinalIgnoreCase) || p.Max != _options.Problem.Max)
                throw new ArgumentException($"--resume: '{Directory}' is a build of {p.Name} with max {p.Max}, not {_options.Problem.Name} with max {_options.Problem.Max}.");
            saved.BudgetSeconds = _options.Budget.TotalSeconds;
            return (saved, savedSpace);
        }
        if (File.Exists(file))
            throw new InvalidOperationException($"'{Directory}' already holds a build. Continue it with --resume, or choose another --out folder.");
        ProblemRegistry.Create(_options.Problem); // an unknown problem or a setting it does not take: one line, before anything is written
        var space = (_options.Space ?? SearchSpace.For(_options.Problem)).WithProblem(_options.Problem);
        // Ranking by any-of-k needs validation with more than one beam: as many as the final evaluation decodes, at least 2.
        var start = space.StartConfig();
        if (_options.Metric.NeedsBeams() && start.Training.ValidationBeams < 2)
            space = space.WithStart([$"training.validationBeams={Math.Max(2, start.Evaluation.Beams)}"], "build");
        var record = new BuildRecord
        {
            Metric = _options.Metric,
            Seed = _options.Seed,
            BudgetSeconds = _options.Budget.TotalSeconds,
            Space = space.ToJson(),
        };
        return (record, space);
    }

    private SegmentOutcome RunSegment(BuildRecord record, SearchSpace space, TrialRecord trial, double remaining, Func<double> spent, Action save, CancellationToken cancellation)
    {
        var config = TrialConfig(space, record, trial, trial.Target);
        trial.Config = JsonNode.Parse(config.ToJson())!.AsObject();
        trial.Status = TrialStatus.Running;
        save();
        double secondsBefore = trial.Seconds, startedAt = spent();
        var progress = new Progress(trial, _observer, () =>
        {
            trial.Seconds = secondsBefore + spent() - startedAt;
            save();
        });
        var segment = new TrialSegment(trial.Id, config, TrialDirectory(trial.Id), trial.Steps, TimeSpan.FromSeconds(Math.Max(0, remaining)));
        var outcome = _runner.Run(segment, progress, cancellation);
        trial.Steps = outcome.Steps;
        trial.Seconds = secondsBefore + spent() - startedAt;
        if (outcome.End == SegmentEnd.Failed)
        {
            trial.Failure = outcome.Failure ?? "training failed";
            _observer?.Message($"Trial {trial.Id} failed: {trial.Failure}");
        }
        trial.Status = outcome.End switch
        {
            SegmentEnd.Failed => TrialStatus.Failed,
            SegmentEnd.Completed => TrialStatus.Trained,
            _ => TrialStatus.Interrupted,
        };
        save();
        return outcome;
    }

    private RunConfig TrialConfig(SearchSpace space, BuildRecord record, TrialRecord trial, int steps)
    {
        int every = Math.Max(1, space.Schedule.MinSteps / 2);
        var session = new List<string>
        {
            $"training.steps={steps}",
            $"training.evalEvery={every}",
            $"training.checkpointEvery={every}",
            $"training.seed={record.Seed}",
            $"training.device=\"{_options.Device}\"",
        };
        if (_options.Threads > 0) session.Add($"training.threads={_options.Threads}");
        return space.ConfigFor(trial.Settings, session);
    }

    private BuildResult Finish(BuildRecord record, SearchSpace space, double searchSeconds, Action save)
    {
        var metric = record.Metric;
        foreach (var trial in record.Trials.Where(t => t.Status is TrialStatus.Promoted or TrialStatus.Running or TrialStatus.Winner)) trial.Status = TrialStatus.Trained;
        var winner = SuccessiveHalving.Ranked(record.Trials.Where(t => t.Failure is null), metric).FirstOrDefault(t => t.Best() is not null);
        if (winner is null)
        {
            record.State = "done";
            save();
            throw new InvalidOperationException(record.Trials.Count > 0 && record.Trials.All(t => t.Failure is not null)
                ? $"Every trial failed (trial 1: {record.Trials[0].Failure})"
                : $"No trial reached its first validation within {Clock(record.BudgetSeconds)}; give the build more time (--time) or a shorter first rung (schedule.minSteps in a --space file).");
        }
        winner.Status = TrialStatus.Winner;
        record.Winner = winner.Id;
        record.State = "evaluating";
        save();

        _observer?.Message(string.Create(CultureInfo.InvariantCulture,
            $"Winner: trial {winner.Id} ({winner.Description}), validation {metric.Name()} {winner.Best()!.Value(metric):P2} at step {winner.Best()!.Step:N0}. Evaluating it on the held-out test and out-of-sample inputs…"));
        long evaluationStarted = _time.GetTimestamp();
        string modelPath = Path.Combine(Directory, "model.nmm");
        AtomicFile.Default.Write(modelPath, File.ReadAllBytes(Path.Combine(TrialDirectory(winner.Id), "model.nmm")));
        var held = _runner.EvaluateHeldOut(new TrialSegment(winner.Id, TrialConfig(space, record, winner, winner.Steps), TrialDirectory(winner.Id), winner.Steps, Timeout.InfiniteTimeSpan));
        record.Test = held.Test;
        record.OutOfSample = held.OutOfSample;
        record.EvaluationSeconds = _time.GetElapsedTime(evaluationStarted).TotalSeconds;
        record.State = "done";
        // The clock of the budget stopped with the search: save() would count the evaluation as search time.
        record.Save(Directory);
        var rows = LeaderboardRow.For(record.Trials, metric);
        LeaderboardCsv.Write(Directory, rows, metric);
        _observer?.Changed(new BuildSnapshot(rows, metric, record.SpentSeconds, record.BudgetSeconds));
        foreach (var trial in record.Trials.Where(t => t.Status is TrialStatus.Pruned or TrialStatus.Failed))
        {
            string checkpoint = Path.Combine(TrialDirectory(trial.Id), RunFolder.CheckpointFile);
            if (File.Exists(checkpoint)) File.Delete(checkpoint); // a trial refused before it started has no folder
        }
        return new BuildResult(record, rows, winner, modelPath, searchSeconds);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void Stop(BuildRecord record, Action save, CancellationToken cancellation)
    {
        record.State = "stopped";
        save();
        _observer?.Message($"Build stopped; resume it to continue (neuralmath build --resume --out '{Directory}').");
        cancellation.ThrowIfCancellationRequested();
        throw new OperationCanceledException(cancellation);
    }

    private static string Plan(SearchSpace space, SearchMetric metric, double budget)
    {
        var p = space.Problem;
        var s = space.Schedule;
        return string.Create(CultureInfo.InvariantCulture,
            $"Build: {p.Name}, max {p.Max:N0}; ranked by validation {metric.Name()}; budget {Clock(budget)} for the search, then the winner's evaluation. " +
            $"{space.Dimensions.Count} dimension(s) around the start; first rung {s.MinSteps:N0} steps, the best 1/{s.Eta} continue at {s.Eta}× the steps.");
    }

    /// <summary>Seconds as m:ss (or h:mm:ss).</summary>
    public static string Clock(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Max(0, Math.Round(seconds)));
        return t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);
    }

    // Forwards a runner's progress: validations go into the trial's curve (a re-run step replaces its old point: a resumed
    // segment validates again what it trains again) and build.json is saved with them.
    private sealed class Progress(TrialRecord trial, IBuildObserver? observer, Action saved) : ITrialProgress
    {
        public void Stepped(int step) => observer?.Stepped(trial.Id, step, trial.Target);

        public void Evaluated(CurvePoint point)
        {
            trial.Curve.RemoveAll(p => p.Step >= point.Step);
            trial.Curve.Add(point);
            trial.Steps = point.Step;
            saved();
        }
    }
}
