using Microsoft.ML;
using Microsoft.ML.Data;

namespace NeuralMath.Mapping;

/// <summary>A cursor over a source cursor seen through a <see cref="ColumnMapper"/>; added columns are computed only when read.</summary>
internal sealed class MappedCursor(ColumnMapper mapper, DataViewRowCursor input, bool[] activeOutputs) : DataViewRowCursor
{
    private readonly MappedValues _values = new(mapper, input, activeOutputs);
    private bool _disposed;

    public override long Position => input.Position;

    public override long Batch => input.Batch;

    public override DataViewSchema Schema => mapper.OutputSchema;

    public override bool MoveNext() => input.MoveNext();

    public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) => _values.IsColumnActive(column);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _values.GetGetter<TValue>(column);

    protected override void Dispose(bool disposing)
    {
        if (_disposed) return;
        if (disposing) input.Dispose();
        _disposed = true;
        base.Dispose(disposing);
    }
}
