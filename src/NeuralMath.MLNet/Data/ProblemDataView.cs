using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using NeuralMath.Annotations;
using NeuralMath.Configuration;
using NeuralMath.Problems;

namespace NeuralMath.Data;

/// <summary>
/// Generated problems as an <see cref="IDataView"/>: one row per input of a split (<see cref="ProblemData.Inputs"/>),
/// with the input text, the exact answer text and the split name. Lazy: rows are generated as a cursor moves,
/// so a range of millions costs nothing until read; deterministic by the split seed. The Input column's
/// <see cref="NeuralMathAnnotations.Problem"/> annotation carries the problem definition to the steps after it.
/// </summary>
internal sealed class ProblemDataView : IDataView
{
    private readonly ProblemOptions _definition;
    private readonly DataSplit _split;
    private readonly MathProblem _problem;
    private readonly SplitRule _rule;

    public ProblemDataView(ProblemDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Problem, nameof(options.Problem));
        // A copy: the view must not change when the caller's options do. The core's own validation gives the messages
        // (e.g. "problem.max must be at least 4").
        _definition = ProblemAnnotation.Copy(options.Problem);
        new RunConfig { Problem = _definition }.Validate();
        if (!Enum.IsDefined(options.Split)) throw new ArgumentOutOfRangeException(nameof(options), $"Unknown split '{options.Split}'.");
        _split = options.Split;
        _problem = ProblemRegistry.Create(_definition); // the split seed also seeds sampled pools
        _rule = new SplitRule(_definition.SplitSeed, _definition.ValidationFraction, _definition.TestFraction);
        var problemAnnotation = new DataViewSchema.Annotations.Builder();
        ProblemAnnotation.Add(problemAnnotation, _definition);
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(options.InputColumnName, TextDataViewType.Instance, problemAnnotation.ToAnnotations());
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
        new ProblemDataCursor(this, _problem, ProblemData.Inputs(_problem, _definition.Max, _rule, _split, _definition.OutOfSample),
            SplitName(_split), columnsNeeded.Select(c => c.Index).ToHashSet());

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];
}
