namespace NeuralMath.Search;

/// <summary>What the search does next.</summary>
internal abstract record SearchAction;

/// <summary>Start the next trial and train it to <paramref name="TargetSteps"/> (the first rung).</summary>
internal sealed record StartTrial(int TargetSteps) : SearchAction;

/// <summary>Continue a trial from its checkpoint to <paramref name="TargetSteps"/>; <paramref name="Fill"/> when it trains for the time left.</summary>
internal sealed record ContinueTrial(int Trial, int TargetSteps, bool Fill) : SearchAction;

/// <summary>The search is over.</summary>
internal sealed record StopSearch(string Reason) : SearchAction;

/// <summary>A decision, every trial's status under it, and the first rung's size once it is known.</summary>
internal sealed record SearchDecision(SearchAction Action, IReadOnlyDictionary<int, TrialStatus> Statuses, int? PlannedTrials);

/// <summary>
/// The scheduler: synchronous successive halving on a wall-clock budget, as a pure function of the trials so far and the
/// time left, so that a resumed build, which reads the same trials and time back from build.json, decides the same.
/// </summary>
/// <remarks>
/// <para>First rung: trials 1, 2, ... each trained to <see cref="SearchSchedule.MinSteps"/>. How many is decided once trial
/// 1 has trained: enough for <see cref="SearchSchedule.FirstRungShare"/> of the budget at trial 1's pace, clamped to
/// [<see cref="SearchSchedule.MinTrials"/>, <see cref="SearchSchedule.MaxTrials"/>]; the rung closes earlier when the next
/// trial would take it past 1.5 times its share (other trials were slower than trial 1, or the machine is busier).</para>
/// <para>Rung k + 1: the best ⌈n / eta⌉ of the n trials of rung k (by their kept model at rung k's step count) continue from
/// their checkpoints to eta times as many steps, best first. A continuation that would not fit ends the halving.</para>
/// <para>Then the fill: the best trial of the last rung reached trains on for the time left (95% of it at its measured pace;
/// the runner's time limit stops it in any case), if that is at least half a first rung. No trial trains past
/// <see cref="SearchSchedule.MaxSteps"/>: once the best has reached it, the build ends early.</para>
/// <para>An unfinished segment (the build was stopped, or killed) is finished first: the decision that started it stands.</para>
/// </remarks>
internal static class SuccessiveHalving
{
    private const double FillShare = 0.95, FirstRungCap = 1.5;

    public static SearchDecision Decide(SearchSchedule schedule, SearchMetric metric, IReadOnlyList<TrialRecord> trials, int? planned,
        double budgetSeconds, double remainingSeconds)
    {
        var statuses = trials.ToDictionary(t => t.Id, t => t.Failure is not null ? TrialStatus.Failed : t.Steps < t.Target ? TrialStatus.Interrupted : TrialStatus.Trained);
        var alive = trials.Where(t => t.Failure is null).ToList();
        int firstRung = schedule.MinSteps;
        planned ??= trials.Count > 0 && (trials[0].Steps >= firstRung || trials[0].Failure is not null)
            ? Math.Clamp((int)Math.Floor(schedule.FirstRungShare * budgetSeconds / Math.Max(trials[0].Seconds, 1e-9)), schedule.MinTrials, schedule.MaxTrials)
            : null;
        SearchDecision Decision(SearchAction action) => new(action, statuses, planned);

        if (remainingSeconds <= 0) return Decision(new StopSearch("the time budget is spent"));
        if (alive.FirstOrDefault(t => t.Steps < t.Target) is { } unfinished) return Decision(new ContinueTrial(unfinished.Id, unfinished.Target, Fill: false));
        if (trials.Count == 0) return Decision(new StartTrial(firstRung));

        // The first rung fills up while no trial has gone past it, and while it stays within half as much again as its
        // share of the budget (on a machine slower than trial 1 promised, fewer trials leave the winner time to learn).
        double nextTrial = PaceOfNew(trials) * firstRung, spent = budgetSeconds - remainingSeconds;
        if (planned is int n && trials.Count < n && trials.All(t => t.Steps <= firstRung)
            && nextTrial <= remainingSeconds && spent + nextTrial <= FirstRungCap * schedule.FirstRungShare * budgetSeconds)
            return Decision(new StartTrial(firstRung));
        if (planned is null) return Decision(new StartTrial(firstRung)); // unreachable: trial 1 is unfinished or failed until planned is known
        if (alive.Count == 0) return Decision(new StopSearch("every trial failed"));

        // Promotions, rung by rung; `leader` is the best trial of the deepest rung decided so far.
        TrialRecord leader = Ranked(alive, metric, firstRung)[0];
        for (int rung = 0; ; rung++)
        {
            int steps = schedule.RungSteps(rung), next = schedule.RungSteps(rung + 1);
            var members = Ranked(alive.Where(t => t.Steps >= steps), metric, steps);
            if (members.Count == 0) break;
            leader = members[0];
            if (members.Count == 1 || next == steps) break; // one left, or the step cap reached
            int keep = (members.Count + schedule.Eta - 1) / schedule.Eta;
            foreach (var t in members.Skip(keep).Where(t => t.Steps < next)) statuses[t.Id] = TrialStatus.Pruned;
            var waiting = members.Take(keep).Where(t => t.Steps < next).ToList();
            foreach (var t in waiting) statuses[t.Id] = TrialStatus.Promoted;
            if (waiting.Count == 0) continue;
            var first = waiting[0];
            if (Pace(first, trials) * (next - first.Steps) <= remainingSeconds) return Decision(new ContinueTrial(first.Id, next, Fill: false));
            break;
        }

        int cap = schedule.MaxSteps ?? int.MaxValue;
        if (leader.Steps >= cap) return Decision(new StopSearch($"the best trial has reached schedule.maxSteps ({cap})"));
        int extra = (int)Math.Min(cap - (long)leader.Steps, (long)Math.Floor(FillShare * remainingSeconds / Pace(leader, trials)));
        if (extra < Math.Max(1, Math.Min(firstRung / 2, cap - leader.Steps))) return Decision(new StopSearch("the time left is too short to train further"));
        return Decision(new ContinueTrial(leader.Id, leader.Steps + extra, Fill: true));
    }

    /// <summary>
    /// Trials best first by <paramref name="metric"/> of their kept model up to <paramref name="steps"/> (every step when
    /// null), then lower validation loss, then the lower trial number; trials never validated come last.
    /// </summary>
    public static List<TrialRecord> Ranked(IEnumerable<TrialRecord> trials, SearchMetric metric, int? steps = null) =>
        [.. trials.Select(t => (Trial: t, Best: t.Best(steps)))
            .OrderBy(x => x.Best is null)
            .ThenByDescending(x => x.Best?.Value(metric) ?? 0)
            .ThenBy(x => x.Best?.ValidationLoss ?? 0)
            .ThenBy(x => x.Trial.Id)
            .Select(x => x.Trial)];

    // Seconds per step of a trial so far, start-up and validation included; a trial not yet timed goes at the others' pace.
    private static double Pace(TrialRecord trial, IReadOnlyList<TrialRecord> all) =>
        trial.Steps > 0 && trial.Seconds > 0 ? trial.Seconds / trial.Steps : PaceOfNew(all);

    private static double PaceOfNew(IReadOnlyList<TrialRecord> all)
    {
        var timed = all.Where(t => t.Steps > 0 && t.Seconds > 0).ToList();
        return timed.Count == 0 ? 1e-9 : timed.Sum(t => t.Seconds) / timed.Sum(t => t.Steps);
    }
}
