using NeuralMath.Configuration;
using NeuralMath.Search;

namespace NeuralMath.Tests.Search;

/// <summary>
/// The build's scheduler on a fake trial runner (no torch, a manual clock): which trials continue, from where, how the
/// budget is spent and accounted for, and that an interrupted build resumes to the same leaderboard.
/// </summary>
public sealed class SchedulerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nm-build-fake-").FullName;

    private static readonly ProblemOptions Addition = new() { Name = "addition", Max = 20, OutOfSample = 4 };

    private BuildOptions Options(double budgetSeconds, string name = "build", bool resume = false) => new()
    {
        Problem = Addition,
        Budget = TimeSpan.FromSeconds(budgetSeconds),
        Seed = 7,
        OutputDirectory = Path.Combine(_dir, name),
        Resume = resume,
    };

    [Fact]
    public void TheFirstRung_HoldsAsManyTrialsAsItsShareOfTheBudgetBuysAtTrialOnesPace()
    {
        var time = new ManualTime();
        var runner = new FakeTrialRunner(time);
        var result = new ModelBuilder(Options(600), runner, time: time).Run();

        // Trial 1 (width 64) trains 200 steps at 0.1 s: 20 s; 40% of 600 s buys 12 of those.
        Assert.Equal(12, result.Record.PlannedTrials);
        int first = runner.Segments.TakeWhile(s => s.From == 0).Count();
        Assert.Equal(Enumerable.Range(1, first), runner.Segments.Take(first).Select(s => s.Trial));
        Assert.All(runner.Segments.Take(first), s => Assert.Equal((0, 200, 200), (s.From, s.To, s.Reached)));
        // Wider trials are slower (0.2 s a step), so the rung may close at 1.5 times its share (360 s) before all 12 have run.
        Assert.InRange(first, 6, 12);
        Assert.Equal("(start)", result.Record.Trials[0].Description);
    }

    [Theory]
    [InlineData(600)]
    [InlineData(1500)]
    [InlineData(4000)]
    public void TheBestOfEachRung_AndOnlyThey_ContinueFromTheirCheckpoints(double budget)
    {
        var time = new ManualTime();
        var runner = new FakeTrialRunner(time);
        var result = new ModelBuilder(Options(budget), runner, time: time).Run();
        var trials = result.Record.Trials;
        var schedule = SearchSpace.For(Addition).Schedule;

        // Continued, never restarted: every segment after a trial's first starts where its previous one ended.
        foreach (var group in runner.Segments.GroupBy(s => s.Trial))
        {
            var segments = group.ToList();
            Assert.Equal(0, segments[0].From);
            for (int i = 1; i < segments.Count; i++) Assert.Equal(segments[i - 1].Reached, segments[i].From);
        }

        int promotedRungs = 0;
        for (int rung = 0; ; rung++)
        {
            int steps = schedule.RungSteps(rung), next = schedule.RungSteps(rung + 1);
            var members = trials.Where(t => t.Failure is null && t.Steps >= steps).ToList();
            if (members.Count <= 1) break;
            // The rung's ranking is by each member's kept model up to the rung's step count (higher metric, then lower loss).
            var ranked = members.OrderByDescending(t => t.Best(steps)!.ValidationTop1).ThenBy(t => t.Best(steps)!.ValidationLoss).ToList();
            int keep = (members.Count + schedule.Eta - 1) / schedule.Eta;
            var wentOn = members.Where(t => t.Steps > steps).ToList();
            if (wentOn.Count == 0) break;
            // Who trained past the rung: the best ⌈n/eta⌉, a prefix of them in rank order (a later one may not have fitted),
            // or else the rung's best alone (the fill).
            var prefix = ranked.Take(wentOn.Count).ToList();
            Assert.True(wentOn.Count <= keep, $"rung {rung}: {wentOn.Count} of {members.Count} trials went on; at most {keep} should");
            Assert.Equal(prefix.Select(t => t.Id).Order(), wentOn.Select(t => t.Id).Order());
            Assert.All(ranked.Skip(keep), t => Assert.Equal(TrialStatus.Pruned, t.Status));
            if (wentOn.Any(t => t.Steps >= next)) promotedRungs++;
        }
        Assert.True(promotedRungs >= 1, "no rung was promoted");
        Assert.Equal(TrialStatus.Winner, result.Winner.Status);
        Assert.Equal(SearchRanking(trials).First().Id, result.Winner.Id);
    }

    [Theory]
    [InlineData(300)]
    [InlineData(777)]
    [InlineData(3000)]
    public void TheSearch_StaysWithinItsBudget_AccountsForEverySecond_AndUsesWhatIsLeft(double budget)
    {
        var time = new ManualTime();
        var runner = new FakeTrialRunner(time);
        var result = new ModelBuilder(Options(budget), runner, time: time).Run();
        var record = result.Record;

        Assert.True(record.SpentSeconds <= budget + 1e-6, $"spent {record.SpentSeconds} s of {budget} s");
        Assert.Equal(record.SpentSeconds, record.Trials.Sum(t => t.Seconds), 6);
        Assert.Equal(runner.TotalSteps, record.Trials.Sum(t => t.Steps));
        // The last trial standing trains on for the time left (95% of it at its own pace): little is left unused.
        Assert.True(record.SpentSeconds >= 0.85 * budget, $"spent only {record.SpentSeconds} s of {budget} s");
        Assert.True(record.Trials.Count >= 6, $"{record.Trials.Count} trials");
    }

    [Fact]
    public void NoTrialTrainsPastMaxSteps_AndTheBuildEndsOnceTheBestHasReachedIt()
    {
        var time = new ManualTime();
        var options = Options(100_000);
        options.Space = SearchSpace.For(Addition).Override("""{ "schedule": { "maxSteps": 1000 } }""", "capped.json");
        var result = new ModelBuilder(options, new FakeTrialRunner(time), time: time).Run();
        Assert.All(result.Record.Trials, t => Assert.True(t.Steps <= 1000, $"trial {t.Id} trained {t.Steps} steps"));
        Assert.Equal(1000, result.Winner.Steps);
        Assert.True(result.Record.SpentSeconds < 10_000, $"spent {result.Record.SpentSeconds} s");
    }

    [Fact]
    public void ABudgetTooShortForAnyValidation_EndsWithOneLineSayingSo_AndARecordOfWhatRan()
    {
        var time = new ManualTime();
        var options = Options(9); // 90 steps at 0.1 s; the first validation comes at step 100
        var error = Assert.Throws<InvalidOperationException>(() => new ModelBuilder(options, new FakeTrialRunner(time), time: time).Run());
        Assert.Contains("No trial reached its first validation", error.Message, StringComparison.Ordinal);
        var record = BuildRecord.Load(options.OutputDirectory!);
        Assert.Equal(TrialStatus.Interrupted, Assert.Single(record.Trials).Status);
        Assert.True(record.SpentSeconds <= 9);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(250)]
    [InlineData(1111)]
    [InlineData(2600)]
    [InlineData(6000)]
    public void ResumingABuildInterruptedAtAnyStep_GivesTheSameLeaderboard(int interruptAtStep)
    {
        var straightTime = new ManualTime();
        var straight = new ModelBuilder(Options(1200, "straight"), new FakeTrialRunner(straightTime), time: straightTime).Run();

        var time = new ManualTime();
        using var cancel = new CancellationTokenSource();
        var first = new FakeTrialRunner(time) { CancelAfter = cancel, CancelAtTotalStep = interruptAtStep };
        Assert.ThrowsAny<OperationCanceledException>(() => new ModelBuilder(Options(1200, "interrupted"), first, time: time).Run(cancel.Token));
        Assert.Equal("stopped", BuildRecord.Load(Path.Combine(_dir, "interrupted")).State);
        var resumed = new ModelBuilder(Options(1200, "interrupted", resume: true), new FakeTrialRunner(time), time: time).Run();

        Assert.Equal(straight.Leaderboard, resumed.Leaderboard);
        Assert.Equal(straight.Record.SpentSeconds, resumed.Record.SpentSeconds, 6);
        Assert.Equal(straight.Winner.Id, resumed.Winner.Id);
        Assert.Equal(
            straight.Record.Trials.Select(t => (t.Id, t.Description, t.Steps, string.Join(";", t.Curve))),
            resumed.Record.Trials.Select(t => (t.Id, t.Description, t.Steps, string.Join(";", t.Curve))));
        Assert.Equal(File.ReadAllText(Path.Combine(_dir, "straight", "leaderboard.csv")), File.ReadAllText(Path.Combine(_dir, "interrupted", "leaderboard.csv")));
    }

    [Fact]
    public void AFailedTrial_IsRecordedWithItsReason_AndTheBuildGoesOn()
    {
        var time = new ManualTime();
        var runner = new FakeTrialRunner(time) { Failure = s => s.Trial % 3 == 2 ? "model.maxPositions is too short" : null };
        var result = new ModelBuilder(Options(900), runner, time: time).Run();
        var failed = result.Record.Trials.Where(t => t.Id % 3 == 2).ToList();
        Assert.True(failed.Count >= 2, $"{failed.Count} failed trials");
        Assert.All(failed, t => Assert.Equal((TrialStatus.Failed, "model.maxPositions is too short"), (t.Status, t.Failure)));
        Assert.DoesNotContain(result.Winner, failed);
        Assert.Equal(result.Record.Trials.Count, result.Leaderboard.Count);
    }

    [Fact]
    public void AFolderHoldingABuild_IsRefusedWithoutResume_AndAResumeOfAnotherProblemIsRefused()
    {
        var time = new ManualTime();
        new ModelBuilder(Options(300), new FakeTrialRunner(time), time: time).Run();
        var again = Assert.Throws<InvalidOperationException>(() => new ModelBuilder(Options(300), new FakeTrialRunner(time), time: time).Run());
        Assert.Contains("already holds a build", again.Message, StringComparison.Ordinal);

        var other = Options(300, resume: true);
        other.Problem = new ProblemOptions { Name = "addition", Max = 99 };
        var refused = Assert.Throws<ArgumentException>(() => new ModelBuilder(other, new FakeTrialRunner(time), time: time).Run());
        Assert.Contains("is a build of addition with max 20, not addition with max 99", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildJson_RecordsTheSpaceBudgetSeedAndEveryTrialWithItsConfigCurveAndResult()
    {
        var time = new ManualTime();
        var options = Options(600);
        var result = new ModelBuilder(options, new FakeTrialRunner(time), time: time).Run();
        var record = BuildRecord.Load(options.OutputDirectory!);
        Assert.Equal(("done", 600.0, 7L, SearchMetric.Top1), (record.State, record.BudgetSeconds, record.Seed, record.Metric));
        var space = SearchSpace.Parse(record.Space.ToJsonString(), "build.json");
        Assert.Equal(SearchSpace.For(Addition).ToJson().ToJsonString(), space.ToJson().ToJsonString());
        Assert.Equal(result.Winner.Id, record.Winner);
        Assert.NotNull(record.Test);
        Assert.All(record.Trials, t =>
        {
            Assert.NotNull(t.Config);
            Assert.Equal(t.Steps, (int)t.Config!["training"]!["steps"]!);
            Assert.NotEmpty(t.Curve);
            Assert.Equal(t.Steps, t.Curve[^1].Step);
        });
        var lines = File.ReadAllLines(Path.Combine(options.OutputDirectory!, "leaderboard.csv"));
        Assert.Equal("rank,trial,settings,steps,minutes,validation_top1,validation_loss,best_step,status", lines[0]);
        Assert.Equal(record.Trials.Count, lines.Length - 1);
        Assert.EndsWith(",winner", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void RankingByAnyOfK_ValidatesEveryTrialWithSeveralBeams()
    {
        var time = new ManualTime();
        var options = Options(300);
        options.Metric = SearchMetric.AnyOfK;
        var result = new ModelBuilder(options, new FakeTrialRunner(time), time: time).Run();
        Assert.All(result.Record.Trials, t => Assert.True((int)t.Config!["training"]!["validationBeams"]! >= 2, $"trial {t.Id}"));
        Assert.StartsWith("rank,trial,settings,steps,minutes,validation_anyOfK,", File.ReadAllText(Path.Combine(options.OutputDirectory!, "leaderboard.csv")), StringComparison.Ordinal);
    }

    private static IEnumerable<TrialRecord> SearchRanking(IEnumerable<TrialRecord> trials) =>
        trials.Where(t => t.Failure is null && t.Best() is not null)
            .OrderByDescending(t => t.Best()!.ValidationTop1).ThenBy(t => t.Best()!.ValidationLoss).ThenBy(t => t.Id);

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
