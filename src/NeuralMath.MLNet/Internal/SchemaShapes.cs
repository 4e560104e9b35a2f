using Microsoft.ML;
using Microsoft.ML.Data;

namespace NeuralMath.Internal;

/// <summary>
/// Builds <see cref="SchemaShape"/> columns for estimators' GetOutputSchema: ML.NET 5.0.1 keeps the
/// <see cref="SchemaShape.Column"/> constructor internal.
/// </summary>
internal static class SchemaShapes
{
    /// <summary>A column shape, with the shape of its annotations when it has some.</summary>
    public static SchemaShape.Column Column(string name, SchemaShape.Column.VectorKind kind, DataViewType itemType, SchemaShape? annotations = null) =>
        new(name, kind, itemType, isKey: false, annotations);

    /// <summary>The shape of a schema (tests compare estimator and transformer schemas with it).</summary>
    public static SchemaShape FromSchema(DataViewSchema schema) => SchemaShape.Create(schema);

    /// <summary>The input shape with <paramref name="added"/> columns appended (an added name replaces an input column).</summary>
    public static SchemaShape Append(SchemaShape input, IEnumerable<SchemaShape.Column> added)
    {
        var columns = input.ToDictionary(c => c.Name);
        foreach (var c in added) columns[c.Name] = c;
        return new SchemaShape(columns.Values);
    }
}
