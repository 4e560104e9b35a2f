using NeuralMath.Onnx.Export;
using NeuralMath.Onnx.Proto;
using ElementType = NeuralMath.Onnx.Proto.TensorProto.Types.DataType;

namespace NeuralMath.Onnx.Runtime;

/// <summary>
/// The inputs a graph must take and the outputs the runtime reads from it, with their element types, in the order the
/// runtime passes them. Checked once at load, so a graph from another exporter fails with a message, not at its first run.
/// </summary>
internal sealed class GraphContract
{
    private GraphContract(string kind, (string Name, ElementType Type)[] inputs, (string Name, ElementType Type)[] outputs)
    {
        Kind = kind;
        Inputs = inputs;
        Outputs = outputs;
    }

    public string Kind { get; }

    public IReadOnlyList<(string Name, ElementType Type)> Inputs { get; }

    public IReadOnlyList<(string Name, ElementType Type)> Outputs { get; }

    public string[] InputNames => [.. Inputs.Select(i => i.Name)];

    public string[] OutputNames => [.. Outputs.Select(o => o.Name)];

    /// <summary>
    /// encoder.onnx: ids in; the mask and every layer's cross-attention keys and values out (its memory output is not
    /// read), and with a cross-attention window (<paramref name="window"/>) the source positions, last.
    /// </summary>
    public static GraphContract Encoder(int layers, bool window) => new("encoder",
        [(OnnxNames.InputIds, ElementType.Int64)],
        [(OnnxNames.MemoryMask, ElementType.Float), .. Floats(CrossCaches(layers)), .. window ? [(OnnxNames.SourcePositions, ElementType.Float)] : Array.Empty<(string, ElementType)>()]);

    /// <summary>
    /// decoder_step.onnx: one token per row, the position, the beam reordering, the mask and every cache; with per-number
    /// positions (<paramref name="digitRun"/>) also each row's run of trailing digits, in and out, and with a
    /// cross-attention window (<paramref name="window"/>) the encoder's source positions, last.
    /// </summary>
    public static GraphContract DecoderStep(int layers, bool digitRun, bool window) => new("decoder step",
        [(OnnxNames.Tokens, ElementType.Int64), (OnnxNames.Position, ElementType.Int64), (OnnxNames.PastRows, ElementType.Int64),
            (OnnxNames.MemoryMask, ElementType.Float), .. Floats(PerLayer(layers, OnnxNames.PastKey, OnnxNames.PastValue)), .. Floats(CrossCaches(layers)),
            .. digitRun ? [(OnnxNames.PastDigitRun, ElementType.Int64)] : Array.Empty<(string, ElementType)>(),
            .. window ? [(OnnxNames.SourcePositions, ElementType.Float)] : Array.Empty<(string, ElementType)>()],
        [(OnnxNames.Logits, ElementType.Float), .. Floats(PerLayer(layers, OnnxNames.PresentKey, OnnxNames.PresentValue)),
            .. digitRun ? [(OnnxNames.DigitRun, ElementType.Int64)] : Array.Empty<(string, ElementType)>()]);

    /// <summary>greedy.onnx: ids in, ids out.</summary>
    public static GraphContract Greedy() => new("greedy", [(OnnxNames.InputIds, ElementType.Int64)], [(OnnxNames.OutputIds, ElementType.Int64)]);

    /// <summary>Throws <see cref="InvalidDataException"/> naming the first input or output that differs.</summary>
    public void Check(GraphProto graph, string path)
    {
        var initialized = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var inputs = graph.Input.Where(i => !initialized.Contains(i.Name)).ToList();
        string? problem = Compare("input", Inputs, inputs)
            ?? inputs.Where(i => !Inputs.Any(e => e.Name == i.Name)).Select(i => $"it has an input '{i.Name}' the runtime does not feed").FirstOrDefault()
            ?? Compare("output", Outputs, [.. graph.Output]);
        if (problem is not null)
            throw new InvalidDataException($"'{path}' is not the {Kind} graph this runtime runs: {problem}. Export the model again with this version.");
    }

    private static string? Compare(string what, IEnumerable<(string Name, ElementType Type)> expected, List<ValueInfoProto> actual)
    {
        foreach (var (name, type) in expected)
        {
            var found = actual.FirstOrDefault(v => v.Name == name);
            if (found is null) return $"{what} '{name}' is missing";
            var elementType = (ElementType)(found.Type?.TensorType?.ElemType ?? 0);
            if (elementType != type) return $"{what} '{name}' holds {Describe(elementType)}, not {Describe(type)}";
        }
        return null;
    }

    private static string Describe(ElementType type) => Enum.IsDefined(type) ? type.ToString().ToLowerInvariant() : $"element type {(int)type}";

    private static IEnumerable<string> CrossCaches(int layers) => PerLayer(layers, OnnxNames.CrossKey, OnnxNames.CrossValue);

    private static IEnumerable<string> PerLayer(int layers, Func<int, string> key, Func<int, string> value) =>
        Enumerable.Range(0, layers).SelectMany(i => new[] { key(i), value(i) });

    private static IEnumerable<(string, ElementType)> Floats(IEnumerable<string> names) => names.Select(n => (n, ElementType.Float));
}
