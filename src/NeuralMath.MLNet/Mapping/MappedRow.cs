using Microsoft.ML;
using Microsoft.ML.Data;

namespace NeuralMath.Mapping;

/// <summary>An input row seen through a <see cref="ColumnMapper"/> (what <see cref="RowToRowMapper.GetRow"/> returns; PredictionEngine uses it).</summary>
internal sealed class MappedRow(ColumnMapper mapper, DataViewRow input, bool[] activeOutputs) : DataViewRow
{
    private readonly MappedValues _values = new(mapper, input, activeOutputs);

    public override long Position => input.Position;

    public override long Batch => input.Batch;

    public override DataViewSchema Schema => mapper.OutputSchema;

    public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) => _values.IsColumnActive(column);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _values.GetGetter<TValue>(column);
}
