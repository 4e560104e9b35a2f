using Microsoft.ML;
using Microsoft.ML.Data;

namespace NeuralMath.Mapping;

/// <summary>One column a mapper adds.</summary>
/// <param name="Name">Column name (an input column of the same name becomes hidden).</param>
/// <param name="Type">Column type.</param>
/// <param name="Annotations">Optional annotations (e.g. which problem produced the column).</param>
internal sealed record OutputColumn(string Name, DataViewType Type, DataViewSchema.Annotations? Annotations = null);

/// <summary>
/// The row-by-row logic of a transformer: which columns it adds, which input columns they read, and getters that
/// compute them from an input row. <see cref="MappedDataView"/>, <see cref="MappedCursor"/> and
/// <see cref="RowToRowMapper"/> turn one of these into ML.NET's lazy views, cursors and row mappers.
/// </summary>
internal abstract class ColumnMapper
{
    private DataViewSchema? _outputSchema;

    protected ColumnMapper(DataViewSchema inputSchema) => InputSchema = inputSchema ?? throw new ArgumentNullException(nameof(inputSchema));

    /// <summary>The schema rows come in with.</summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>The input columns followed by <see cref="OutputColumns"/>.</summary>
    public DataViewSchema OutputSchema => _outputSchema ??= BuildOutputSchema();

    /// <summary>The added columns, in order.</summary>
    public abstract IReadOnlyList<OutputColumn> OutputColumns { get; }

    /// <summary>Input columns that the added columns read.</summary>
    public abstract IReadOnlyList<DataViewSchema.Column> Dependencies { get; }

    /// <summary>
    /// Getters for the added columns over <paramref name="input"/> (one per output column, null when not active).
    /// Called once per row or cursor; the getters run only when a value is asked for.
    /// </summary>
    public abstract Delegate?[] CreateGetters(DataViewRow input, bool[] activeOutputs);

    /// <summary>Which added columns are wanted, and which input columns that needs.</summary>
    public (bool[] ActiveOutputs, List<DataViewSchema.Column> NeededInputs) Resolve(IEnumerable<DataViewSchema.Column> wanted)
    {
        int inputCount = InputSchema.Count;
        var active = new bool[OutputColumns.Count];
        var inputs = new HashSet<int>();
        foreach (var c in wanted)
        {
            if (c.Index < inputCount) inputs.Add(c.Index);
            else active[c.Index - inputCount] = true;
        }
        if (active.Any(a => a)) foreach (var d in Dependencies) inputs.Add(d.Index);
        return (active, inputs.Order().Select(i => InputSchema[i]).ToList());
    }

    private DataViewSchema BuildOutputSchema()
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(InputSchema);
        foreach (var c in OutputColumns) builder.AddColumn(c.Name, c.Type, c.Annotations);
        return builder.ToSchema();
    }
}
