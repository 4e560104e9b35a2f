// Compiled only by the public-API check (-p:NeuralMathPublicApiCheck=true, see PublicizeMLCore.targets): stands in for
// Internal/ with the same signatures and no ML.NET internals, so the rest of the assembly must compile against the
// real Microsoft.ML.Core. A leak of an internal member outside Internal/ then fails that build.
#pragma warning disable CS1591, CA1822, IDE0060
using Microsoft.ML;
using Microsoft.ML.Data;

namespace NeuralMath.Internal;

internal static class ModelStorage
{
    [ThreadStatic]
    internal static uint? WriteVersionOverride;

    public static string LibraryVersion => throw new NotSupportedException();

    public static void Save(ModelSaveContext ctx, ComponentFormat format, string payload, IReadOnlyDictionary<string, Action<Stream>> entries) => throw new NotSupportedException();

    public static InvalidOperationException Damaged(ComponentFormat format, Exception inner) => throw new NotSupportedException();
}

internal static class SchemaShapes
{
    public static SchemaShape.Column Column(string name, SchemaShape.Column.VectorKind kind, DataViewType itemType, SchemaShape? annotations = null) => throw new NotSupportedException();

    public static SchemaShape FromSchema(DataViewSchema schema) => throw new NotSupportedException();

    public static SchemaShape Append(SchemaShape input, IEnumerable<SchemaShape.Column> added) => throw new NotSupportedException();
}
