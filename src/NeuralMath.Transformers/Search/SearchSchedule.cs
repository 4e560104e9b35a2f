using System.Text.Json.Serialization;

namespace NeuralMath.Search;

/// <summary>
/// How a build spends its time: successive halving in rungs of <see cref="MinSteps"/>, × <see cref="Eta"/>, ×
/// <see cref="Eta"/>² ... steps, keeping the best 1/<see cref="Eta"/> of each rung; the last trial standing then
/// trains for whatever time is left.
/// </summary>
public sealed class SearchSchedule
{
    /// <summary>Steps of every trial's first rung.</summary>
    public int MinSteps { get; set; } = 200;

    /// <summary>Each rung keeps the best 1/eta of the trials and trains them eta times as many steps.</summary>
    public int Eta { get; set; } = 3;

    /// <summary>Trials of the first rung, at least (when the budget allows).</summary>
    public int MinTrials { get; set; } = 6;

    /// <summary>Trials of the first rung, at most.</summary>
    public int MaxTrials { get; set; } = 16;

    /// <summary>
    /// No trial trains past this many steps (null: no cap). A build whose best trial reaches it ends before its budget:
    /// worth setting for a small problem that needs no more, and what lets tests run a real build in seconds.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MaxSteps { get; set; }

    /// <summary>Share of the budget the first rung is sized to use: its trial count is this share over the first trial's time.</summary>
    public double FirstRungShare { get; set; } = 0.4;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Check(MinSteps >= 2, "schedule.minSteps must be at least 2");
        Check(Eta >= 2, "schedule.eta must be at least 2");
        Check(MinTrials >= 1, "schedule.minTrials must be at least 1");
        Check(MaxTrials >= MinTrials, "schedule.maxTrials must be at least schedule.minTrials");
        Check(FirstRungShare is > 0 and <= 1, "schedule.firstRungShare must be in (0, 1]");
        Check(MaxSteps is null || MaxSteps >= MinSteps, "schedule.maxSteps must be at least schedule.minSteps");
    }

    /// <summary>Steps of rung <paramref name="rung"/> (0-based): <see cref="MinSteps"/> × <see cref="Eta"/>^rung, at most <see cref="MaxSteps"/>.</summary>
    public int RungSteps(int rung) => (int)Math.Min(MaxSteps ?? int.MaxValue / 2, MinSteps * Math.Pow(Eta, rung));

    /// <summary>A copy.</summary>
    public SearchSchedule Clone() => (SearchSchedule)MemberwiseClone();

    private static void Check(bool ok, string message)
    {
        if (!ok) throw new ArgumentException(message + ".");
    }
}
