using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using NeuralMath.Configuration;
using NeuralMath.Problems;

namespace NeuralMath.Data;

/// <summary>
/// Generated problems as an <see cref="IDataView"/>: one row per input of a split (<see cref="ProblemData.Inputs"/>),
/// with the input text, the exact answer text and the split name. Lazy: rows are generated as a cursor moves,
/// so a range of millions costs nothing until read; deterministic by the split seed.
/// </summary>
internal sealed class ProblemDataView : IDataView
{
    private readonly ProblemDataOptions _options;
    private readonly MathProblem _problem;
    private readonly SplitRule _rule;

    public ProblemDataView(ProblemDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // The core's own validation gives the messages (e.g. "problem.max must be at least 4").
        var problem = new ProblemOptions
        {
            Name = options.Problem,
            Max = options.Max,
            OutOfSample = options.OutOfSample,
            SplitSeed = options.SplitSeed,
            ValidationFraction = options.ValidationFraction,
            TestFraction = options.TestFraction,
        };
        new RunConfig { Problem = problem }.Validate();
        if (!Enum.IsDefined(options.Split)) throw new ArgumentOutOfRangeException(nameof(options), $"Unknown split '{options.Split}'.");
        _options = options;
        _problem = ProblemRegistry.Create(problem); // the split seed also seeds sampled pools
        _rule = new SplitRule(options.SplitSeed, options.ValidationFraction, options.TestFraction);
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(options.InputColumnName, TextDataViewType.Instance);
        builder.AddColumn(options.LabelColumnName, TextDataViewType.Instance);
        builder.AddColumn(options.SplitColumnName, TextDataViewType.Instance);
        Schema = builder.ToSchema();
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    /// <summary>The split's name in the Split column.</summary>
    public static string SplitName(DataSplit split) => split == DataSplit.OutOfSample ? "oos" : split.ToString().ToLower(CultureInfo.InvariantCulture);

    // Unknown without enumerating the range (the split is a hash rule); ML.NET treats null as "count it if you need it".
    public long? GetRowCount() => null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new ProblemDataCursor(this, _problem, ProblemData.Inputs(_problem, _options.Max, _rule, _options.Split, _options.OutOfSample),
            SplitName(_options.Split), columnsNeeded.Select(c => c.Index).ToHashSet());

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];
}
