using Microsoft.ML;
using Microsoft.ML.Data;

namespace NeuralMath.Mapping;

/// <summary>
/// A lazy row-to-row <see cref="ITransformer"/>: its output is its input plus the columns a <see cref="ColumnMapper"/>
/// computes when a cursor reads them. ML.NET's own base for this (RowToRowTransformerBase) cannot be subclassed outside ML.NET.
/// </summary>
public abstract class MappedTransformer : ITransformer
{
    private protected MappedTransformer()
    {
    }

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => CreateColumnMapper(inputSchema).OutputSchema;

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => new RowToRowMapper(CreateColumnMapper(inputSchema));

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new MappedDataView(input, CreateColumnMapper(input.Schema));
    }

    void ICanSaveModel.Save(ModelSaveContext ctx) => Save(ctx);

    /// <summary>Checks the input schema and builds the mapper for it.</summary>
    private protected abstract ColumnMapper CreateColumnMapper(DataViewSchema inputSchema);

    /// <summary>Writes this transformer into a model zip.</summary>
    private protected abstract void Save(ModelSaveContext ctx);
}
