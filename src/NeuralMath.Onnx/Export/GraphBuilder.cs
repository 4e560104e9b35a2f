using Google.Protobuf;
using NeuralMath.Onnx.Proto;

namespace NeuralMath.Onnx.Export;

/// <summary>
/// Appends standard-domain ONNX nodes to a graph. Weights and constants always go to the root graph, so a
/// <c>Loop</c> body built with <see cref="Subgraph"/> reads them from the outer scope instead of copying them.
/// </summary>
internal sealed class GraphBuilder
{
    private readonly GraphBuilder? _root;
    private readonly Dictionary<string, string> _constants;
    private readonly HashSet<string> _weights;
    private readonly Counter _counter;
    private readonly Dictionary<string, string> _renamed = [];

    public GraphBuilder(string name)
    {
        Graph = new GraphProto { Name = name };
        _constants = [];
        _weights = [];
        _counter = new Counter();
    }

    private GraphBuilder(string name, GraphBuilder root)
    {
        Graph = new GraphProto { Name = name };
        _root = root;
        _constants = root._constants;
        _weights = root._weights;
        _counter = root._counter;
    }

    public GraphProto Graph { get; }

    private GraphBuilder Root => _root ?? this;

    /// <summary>A graph for a control-flow body; it shares this graph's weights, constants and name counter.</summary>
    public GraphBuilder Subgraph(string name) => new(name, Root);

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Node(string op, IReadOnlyList<string> inputs, params (string Name, object Value)[] attributes) =>
        Node(op, inputs, 1, attributes)[0];

    /// <summary>Adds a node with <paramref name="outputs"/> outputs and returns their names.</summary>
    public string[] Node(string op, IReadOnlyList<string> inputs, int outputs, params (string Name, object Value)[] attributes)
    {
        int id = _counter.Next();
        var node = new NodeProto { OpType = op, Name = $"{op}_{id}" };
        node.Input.AddRange(inputs.Select(i => _renamed.GetValueOrDefault(i, i)));
        var names = Enumerable.Range(0, outputs).Select(i => $"{op.ToLowerInvariant()}_{id}_{i}").ToArray();
        node.Output.AddRange(names);
        foreach (var (name, value) in attributes) node.Attribute.Add(Attribute(name, value));
        Graph.Node.Add(node);
        return names;
    }

    /// <summary>
    /// Gives a value a public name (a graph output's): the node that computes it is made to write that name, so
    /// no copy runs at inference. A graph input, an initializer or a value already named gets an Identity node.
    /// </summary>
    public void Name(string value, string name)
    {
        value = _renamed.GetValueOrDefault(value, value);
        var producer = Graph.Node.FirstOrDefault(n => n.Output.Contains(value));
        if (producer is null || Graph.Output.Any(o => o.Name == value))
        {
            var node = new NodeProto { OpType = "Identity", Name = $"Identity_{_counter.Next()}" };
            node.Input.Add(value);
            node.Output.Add(name);
            Graph.Node.Add(node);
            return;
        }
        producer.Output[producer.Output.IndexOf(value)] = name;
        foreach (var node in Graph.Node)
            for (int i = 0; i < node.Input.Count; i++)
                if (node.Input[i] == value) node.Input[i] = name;
        _renamed[value] = name;
    }

    /// <summary>A float32 weight initializer in the root graph, added once per name.</summary>
    public string Weight(string name, float[] data, long[] dims)
    {
        if (_weights.Add(name)) Root.Graph.Initializer.Add(FloatTensor(name, data, dims));
        return name;
    }

    /// <summary>True once a weight of this name exists.</summary>
    public bool HasWeight(string name) => _weights.Contains(name);

    /// <summary>A 1-D int64 constant.</summary>
    public string Int64s(params long[] values) => Constant("i64[" + string.Join(',', values) + "]", () =>
    {
        var t = new TensorProto { DataType = (int)TensorProto.Types.DataType.Int64 };
        t.Dims.Add(values.Length);
        t.Int64Data.AddRange(values);
        return t;
    });

    /// <summary>An int64 scalar constant.</summary>
    public string Int64Scalar(long value) => Constant($"i64:{value}", () =>
        new TensorProto { DataType = (int)TensorProto.Types.DataType.Int64, Int64Data = { value } });

    /// <summary>A float32 scalar constant.</summary>
    public string FloatScalar(float value) => Constant($"f32:{BitConverter.SingleToInt32Bits(value)}", () =>
        new TensorProto { DataType = (int)TensorProto.Types.DataType.Float, FloatData = { value } });

    /// <summary>A bool scalar constant.</summary>
    public string BoolScalar(bool value) => Constant($"bool:{value}", () =>
        new TensorProto { DataType = (int)TensorProto.Types.DataType.Bool, Int32Data = { value ? 1 : 0 } });

    /// <summary>A float32 vector constant.</summary>
    public string Floats(string key, float[] values) => Constant("f32[" + key, () => FloatTensor("", values, [values.Length]));

    /// <summary>Declares a graph input; a dim is a fixed size (long), a symbolic name (string) or unknown (null).</summary>
    public void Input(string name, TensorProto.Types.DataType type, params object?[]? dims) => Graph.Input.Add(ValueInfo(name, type, dims));

    /// <summary>Declares a graph output.</summary>
    public void Output(string name, TensorProto.Types.DataType type, params object?[]? dims) => Graph.Output.Add(ValueInfo(name, type, dims));

    /// <summary>A typed value whose shape is left unspecified (null dims) or given.</summary>
    public static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, object?[]? dims)
    {
        var tensor = new TypeProto.Types.Tensor { ElemType = (int)type };
        if (dims is not null)
        {
            var shape = new TensorShapeProto();
            foreach (var d in dims)
            {
                shape.Dim.Add(d switch
                {
                    long size => new TensorShapeProto.Types.Dimension { DimValue = size },
                    int size => new TensorShapeProto.Types.Dimension { DimValue = size },
                    string symbol => new TensorShapeProto.Types.Dimension { DimParam = symbol },
                    _ => new TensorShapeProto.Types.Dimension(),
                });
            }
            tensor.Shape = shape;
        }
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }

    private string Constant(string key, Func<TensorProto> create)
    {
        if (_constants.TryGetValue(key, out var name)) return name;
        name = $"const_{_counter.Next()}";
        var tensor = create();
        tensor.Name = name;
        Root.Graph.Initializer.Add(tensor);
        _constants[key] = name;
        return name;
    }

    private static TensorProto FloatTensor(string name, float[] data, long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        t.Dims.AddRange(dims);
        // raw_data is little-endian by the ONNX spec, which is what every platform .NET runs on here.
        t.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
        return t;
    }

    private static AttributeProto Attribute(string name, object value)
    {
        var a = new AttributeProto { Name = name };
        switch (value)
        {
            case int i: a.Type = AttributeProto.Types.AttributeType.Int; a.I = i; break;
            case long l: a.Type = AttributeProto.Types.AttributeType.Int; a.I = l; break;
            case float f: a.Type = AttributeProto.Types.AttributeType.Float; a.F = f; break;
            case long[] ls: a.Type = AttributeProto.Types.AttributeType.Ints; a.Ints.AddRange(ls); break;
            case GraphProto g: a.Type = AttributeProto.Types.AttributeType.Graph; a.G = g; break;
            case TensorProto t: a.Type = AttributeProto.Types.AttributeType.Tensor; a.T = t; break;
            default: throw new ArgumentException($"Unsupported attribute type {value.GetType()} for '{name}'.", nameof(value));
        }
        return a;
    }

    private sealed class Counter
    {
        private int _next;

        public int Next() => _next++;
    }
}
