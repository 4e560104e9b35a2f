using Microsoft.ML;
using Microsoft.ML.Data;
using NeuralMath.Problems;

namespace NeuralMath;

/// <summary>
/// A problem-input column: text such as <c>45+202</c> (any problem; a multitask model's with its task, <c>gcd:12,18</c>) or an
/// Int64 (problems whose input is one number).
/// Checks the column's presence and type with ML.NET's wording, and reads rows into problem inputs.
/// </summary>
internal sealed class ProblemInputColumn
{
    private ProblemInputColumn(DataViewSchema.Column column, MathProblem problem)
    {
        Column = column;
        Problem = problem;
    }

    public DataViewSchema.Column Column { get; }

    public MathProblem Problem { get; }

    /// <summary>Finds and checks the column; <paramref name="parameterName"/> names the argument in the exception.</summary>
    public static ProblemInputColumn Bind(DataViewSchema schema, string name, MathProblem problem, string parameterName = "inputSchema")
    {
        var column = schema.GetColumnOrNull(name) ?? throw SchemaErrors.Missing(parameterName, "input", name);
        CheckType(name, column.Type, problem, parameterName);
        return new ProblemInputColumn(column, problem);
    }

    /// <summary>The same check on an estimator's schema shape; a null <paramref name="problem"/> (known only at Fit) allows Int64.</summary>
    public static void Check(SchemaShape shape, string name, MathProblem? problem, string parameterName = "inputSchema")
    {
        if (!SchemaShapeLookup.TryFind(shape, name, out var column)) throw SchemaErrors.Missing(parameterName, "input", name);
        if (column.Kind != SchemaShape.Column.VectorKind.Scalar)
            throw SchemaErrors.Mismatch(parameterName, "input", name, Expected(problem), $"vector of {column.ItemType}");
        CheckType(name, column.ItemType, problem, parameterName);
    }

    /// <summary>A reader over <paramref name="row"/>: the row's input (null when it is not a valid input) and its text.</summary>
    public Func<(long[]? Input, string Text)> CreateReader(DataViewRow row)
    {
        if (Column.Type is TextDataViewType)
        {
            var getter = row.GetGetter<ReadOnlyMemory<char>>(Column);
            ReadOnlyMemory<char> value = default;
            return () =>
            {
                getter(ref value);
                string text = value.ToString();
                return (ProblemInput.TryParse(Problem, null, text, out var input, out _) ? input : null, text);
            };
        }
        var longGetter = row.GetGetter<long>(Column);
        long number = 0;
        return () =>
        {
            longGetter(ref number);
            long[] input = [number];
            return (Problem.ValidateInput(input) is null ? input : null, Problem.FormatInput(input));
        };
    }

    /// <summary>Reads every row's input; invalid rows are counted, not returned.</summary>
    public static List<long[]> ReadAll(IDataView data, string name, MathProblem problem, out int invalid)
    {
        var column = Bind(data.Schema, name, problem, nameof(data));
        var inputs = new List<long[]>();
        invalid = 0;
        using var cursor = data.GetRowCursor([column.Column]);
        var read = column.CreateReader(cursor);
        while (cursor.MoveNext())
        {
            var (input, _) = read();
            if (input is null) invalid++;
            else inputs.Add(input);
        }
        return inputs;
    }

    private static void CheckType(string name, DataViewType type, MathProblem? problem, string parameterName)
    {
        bool ok = type is TextDataViewType || (type == NumberDataViewType.Int64 && TakesOneNumber(problem));
        if (!ok) throw SchemaErrors.Mismatch(parameterName, "input", name, Expected(problem), type.ToString());
    }

    private static string Expected(MathProblem? problem) => TakesOneNumber(problem) ? "String or Int64" : "String";

    private static bool TakesOneNumber(MathProblem? problem) => problem is null || problem.Arity == 1;
}
