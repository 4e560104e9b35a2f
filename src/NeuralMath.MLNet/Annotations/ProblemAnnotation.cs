using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using NeuralMath.Configuration;
using NeuralMath.Problems;

namespace NeuralMath.Annotations;

/// <summary>
/// The <see cref="NeuralMathAnnotations.Problem"/> annotation: a problem definition (the core's <see cref="ProblemOptions"/>)
/// as JSON text on a column, and what it means for two steps to agree on a problem.
/// </summary>
internal static class ProblemAnnotation
{
    private static readonly JsonSerializerOptions Json = new(RunConfig.JsonOptions) { WriteIndented = false };

    /// <summary>Adds the annotation for <paramref name="problem"/>.</summary>
    public static void Add(DataViewSchema.Annotations.Builder builder, ProblemOptions problem)
    {
        string json = ToJson(problem);
        builder.Add(NeuralMathAnnotations.Problem, TextDataViewType.Instance, (ref ReadOnlyMemory<char> v) => v = json.AsMemory());
    }

    /// <summary>The problem a column's annotation names; null when it has none. A value that is not a problem definition is a schema error.</summary>
    public static ProblemOptions? Read(DataViewSchema.Column column, string parameterName)
    {
        if (column.Annotations.Schema.GetColumnOrNull(NeuralMathAnnotations.Problem) is not { Type: TextDataViewType }) return null;
        ReadOnlyMemory<char> value = default;
        column.Annotations.GetValue(NeuralMathAnnotations.Problem, ref value);
        try
        {
            var problem = JsonSerializer.Deserialize<ProblemOptions>(value.Span, Json) ?? throw new JsonException("null");
            new RunConfig { Problem = problem }.Validate();
            return problem;
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new ArgumentOutOfRangeException(parameterName,
                $"Column '{column.Name}' has a {NeuralMathAnnotations.Problem} annotation that is not a problem definition: {e.Message}");
        }
    }

    /// <summary>Whether a schema shape's column carries the annotation (estimators see shapes, not values).</summary>
    public static bool IsOn(SchemaShape.Column column) =>
        column.Annotations is { } a && SchemaShapeLookup.TryFind(a, NeuralMathAnnotations.Problem, out _);

    /// <summary>The JSON the annotation holds.</summary>
    public static string ToJson(ProblemOptions problem) => JsonSerializer.Serialize(problem, Json);

    /// <summary>A copy (options are mutable; an annotation's value must not change under a fitted transformer).</summary>
    public static ProblemOptions Copy(ProblemOptions problem) => JsonSerializer.Deserialize<ProblemOptions>(ToJson(problem), Json)!;

    /// <summary>
    /// True when both name the same problem: the same name and, for modular problems, the same modulus; for multitask
    /// problems, the same tasks in the same order (the task index is part of an input). These are the settings that make
    /// an input valid and write its tokens. The range, splits, distribution and weights describe which inputs, not the problem.
    /// </summary>
    public static bool SameProblem(ProblemOptions a, ProblemOptions b) =>
        string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase) && ProblemRegistry.Create(a).Identity == ProblemRegistry.Create(b).Identity;

    /// <summary>How messages name a problem, e.g. <c>addition (a, b in [0, 19])</c>.</summary>
    public static string Describe(ProblemOptions options)
    {
        var problem = ProblemRegistry.Create(options);
        return $"{problem.Name} ({problem.DescribeRange(options.Max)})";
    }
}
