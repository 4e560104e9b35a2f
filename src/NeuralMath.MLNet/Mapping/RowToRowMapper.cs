using Microsoft.ML;
using Microsoft.ML.Data;

namespace NeuralMath.Mapping;

/// <summary>The <see cref="IRowToRowMapper"/> of a transformer (what PredictionEngine and GetRowToRowMapper use).</summary>
internal sealed class RowToRowMapper(ColumnMapper mapper) : IRowToRowMapper
{
    public DataViewSchema InputSchema => mapper.InputSchema;

    public DataViewSchema OutputSchema => mapper.OutputSchema;

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) =>
        mapper.Resolve(dependingColumns).NeededInputs;

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Schema != mapper.InputSchema)
            throw new ArgumentOutOfRangeException(nameof(input), "The row's schema is not the schema this mapper was created for.");
        return new MappedRow(mapper, input, mapper.Resolve(activeColumns).ActiveOutputs);
    }
}
