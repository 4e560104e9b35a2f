using Microsoft.ML;

namespace NeuralMath.Mapping;

/// <summary>What a transformer's Transform returns: a lazy view that maps rows only as cursors move.</summary>
internal sealed class MappedDataView(IDataView source, ColumnMapper mapper) : IDataView
{
    public bool CanShuffle => source.CanShuffle;

    public DataViewSchema Schema => mapper.OutputSchema;

    public long? GetRowCount() => source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var (active, inputs) = mapper.Resolve(columnsNeeded);
        return new MappedCursor(mapper, source.GetRowCursor(inputs, rand), active);
    }

    // One cursor: decoding already uses every core through torch's own threads.
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];
}
