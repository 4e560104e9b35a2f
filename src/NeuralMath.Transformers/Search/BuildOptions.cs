using NeuralMath.Configuration;

namespace NeuralMath.Search;

/// <summary>What a build searches, for how long, and where it writes.</summary>
public sealed class BuildOptions
{
    /// <summary>The problem every trial trains on (name, max, out-of-sample size, split...).</summary>
    public ProblemOptions Problem { get; set; } = new();

    /// <summary>Wall-clock time the search may take; the winner's final evaluation comes after it, and its time is reported.</summary>
    public TimeSpan Budget { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>What trials are ranked by, on the validation split.</summary>
    public SearchMetric Metric { get; set; } = SearchMetric.Top1;

    /// <summary>The search space; null: <see cref="SearchSpace.For"/> the problem. Its start's problem section is replaced by <see cref="Problem"/>.</summary>
    public SearchSpace? Space { get; set; }

    /// <summary>Seed of the trials' settings and of every trial's training (initialisation, data order, dropout).</summary>
    public long Seed { get; set; } = 1;

    /// <summary>
    /// The build folder: build.json, leaderboard.csv, trials/NNN (each a run folder), model.nmm (the winner). Required by
    /// <see cref="ModelBuilder"/>; the ML.NET catalog's <c>Build</c> uses a temporary folder, deleted afterwards, when it is null.
    /// </summary>
    public string? OutputDirectory { get; set; }

    /// <summary>
    /// Continue the build in <see cref="OutputDirectory"/> from its build.json. Its problem, space, seed and metric are
    /// the recorded ones (a different problem is refused); <see cref="Budget"/> replaces the recorded budget.
    /// </summary>
    public bool Resume { get; set; }

    /// <summary>Torch threads per trial (0: torch's default, every core). On a machine shared with other work, 1 is often faster.</summary>
    public int Threads { get; set; }

    /// <summary>auto, cpu, cuda or cuda:N.</summary>
    public string Device { get; set; } = "auto";
}
