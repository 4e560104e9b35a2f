using Microsoft.ML;
using Microsoft.ML.Data;
using NeuralMath.Annotations;

namespace NeuralMath;

/// <summary>
/// A token column a step reads: a vector of Int32 token ids, usually written by Tokenize, whose annotations say which
/// problem's inputs it holds and how they were written (<see cref="TokenizedProblem"/>). Checks the column's presence and
/// type with ML.NET's wording, and reads rows back into problem inputs.
/// </summary>
internal sealed class TokenInputColumn
{
    private const string Expected = "vector of Int32 token ids (the output of mlContext.NeuralMath().Transforms.Tokenize)";

    private TokenInputColumn(DataViewSchema.Column column, TokenizedProblem? annotated)
    {
        Column = column;
        Annotated = annotated;
    }

    public DataViewSchema.Column Column { get; }

    /// <summary>What the column's annotations say; null when it has none.</summary>
    public TokenizedProblem? Annotated { get; }

    /// <summary>Finds and checks the column; <paramref name="parameterName"/> names the argument in exceptions.</summary>
    public static TokenInputColumn Bind(DataViewSchema schema, string name, string parameterName = "inputSchema")
    {
        var column = schema.GetColumnOrNull(name) ?? throw SchemaErrors.Missing(parameterName, "input", name);
        if (column.Type is not VectorDataViewType { ItemType: var item } || item != NumberDataViewType.Int32)
            throw SchemaErrors.Mismatch(parameterName, "input", name, Expected, column.Type.ToString());
        return new TokenInputColumn(column, TokenizedProblem.Read(column, parameterName));
    }

    /// <summary>The same check on an estimator's schema shape; <paramref name="requireAnnotations"/> when the step learns the problem from them.</summary>
    public static void Check(SchemaShape shape, string name, bool requireAnnotations, string parameterName = "inputSchema")
    {
        if (!SchemaShapeLookup.TryFind(shape, name, out var column)) throw SchemaErrors.Missing(parameterName, "input", name);
        if (column.Kind == SchemaShape.Column.VectorKind.Scalar || column.ItemType != NumberDataViewType.Int32)
            throw SchemaErrors.Mismatch(parameterName, "input", name, Expected,
                column.Kind == SchemaShape.Column.VectorKind.Scalar ? column.ItemType.ToString() : $"vector of {column.ItemType}");
        if (requireAnnotations && !TokenizedProblem.IsOn(column)) throw Unannotated(parameterName, name);
    }

    /// <summary>The column's annotations, which this step needs to know the problem.</summary>
    public TokenizedProblem RequireAnnotations(string parameterName) => Annotated ?? throw Unannotated(parameterName, Column.Name);

    /// <summary>
    /// Throws, naming both, when the column's annotations describe another problem or tokenization than
    /// <paramref name="expected"/>, which <paramref name="expectedSource"/> names (e.g. "the model was trained on").
    /// </summary>
    public void EnsureAgrees(TokenizedProblem expected, string expectedSource, string parameterName)
    {
        if (Annotated is { } annotated && !annotated.Agrees(expected))
            throw new ArgumentOutOfRangeException(parameterName,
                $"Column '{Column.Name}' holds {annotated}, but {expectedSource} {expected}. State the problem and base once, " +
                "where the data is generated or tokenized, and let later steps read them from the column.");
    }

    /// <summary>A reader over <paramref name="row"/>: the row's input as <paramref name="how"/> spells it (null when the ids are not a valid input).</summary>
    public Func<long[]?> CreateReader(DataViewRow row, TokenizedProblem how)
    {
        var getter = row.GetGetter<VBuffer<int>>(Column);
        VBuffer<int> ids = default;
        return () =>
        {
            getter(ref ids);
            return ids.Length == 0 ? null : how.Decode(ids.DenseValues().ToArray());
        };
    }

    /// <summary>Reads every row's input; rows that are not valid inputs are counted, not returned.</summary>
    public List<long[]> ReadAll(IDataView data, TokenizedProblem how, out int invalid)
    {
        var inputs = new List<long[]>();
        invalid = 0;
        using var cursor = data.GetRowCursor([Column]);
        var read = CreateReader(cursor, how);
        while (cursor.MoveNext())
        {
            if (read() is { } input) inputs.Add(input);
            else invalid++;
        }
        return inputs;
    }

    private static ArgumentOutOfRangeException Unannotated(string parameterName, string name) => new(parameterName,
        $"Column '{name}' does not say which problem its tokens spell (it has no {NeuralMathAnnotations.Problem} annotation). " +
        "Write it with mlContext.NeuralMath().Transforms.Tokenize(), which annotates its output with the problem, base and vocabulary.");
}
