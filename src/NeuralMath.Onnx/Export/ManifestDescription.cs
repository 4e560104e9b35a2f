using System.Text.Json.Nodes;
using NeuralMath.Configuration;
using NeuralMath.Onnx.Proto;
using NeuralMath.Problems;
using NeuralMath.Tokenization;

namespace NeuralMath.Onnx.Export;

/// <summary>
/// The self-description manifest.json carries besides its integrity fields: vocabulary, special ids, base, digit order,
/// how an input becomes a source sequence, and each graph's inputs and outputs, so an app in any language can use an
/// export from manifest.json and greedy.onnx alone (docs/onnx.md documents every field).
/// </summary>
internal static class ManifestDescription
{
    /// <summary>The fields added to the manifest's root object, built from the same tokenizer and graphs as the export.</summary>
    public static IEnumerable<KeyValuePair<string, JsonNode?>> Create(RunConfig config, MathProblem problem, MathTokenizer tokenizer, IEnumerable<(string File, GraphProto Graph)> graphs)
    {
        var metadata = OnnxMetadata.Create(config, tokenizer, graph: "", exportId: "");
        long Meta(string key) => long.Parse(metadata[key], System.Globalization.CultureInfo.InvariantCulture);
        var vocabulary = tokenizer.Vocabulary;
        yield return new("vocabulary", new JsonArray([.. vocabulary.Symbols.Select((s, id) => (JsonNode)new JsonObject { ["id"] = id, ["token"] = s })]));
        yield return new("specialTokens", new JsonObject
        {
            [Vocabulary.Pad] = Meta(OnnxMetadata.PadId),
            [Vocabulary.Start] = Meta(OnnxMetadata.SosId),
            [Vocabulary.End] = Meta(OnnxMetadata.EosId),
        });
        yield return new("base", Meta(OnnxMetadata.Base));
        yield return new("digitOrder", metadata[OnnxMetadata.DigitOrder]);
        yield return new("firstDigitId", Meta(OnnxMetadata.FirstDigitId));
        yield return new("operators", new JsonArray([.. vocabulary.Operators.Select(o => (JsonNode?)o)]));
        if (vocabulary.TaskTokens.Count > 0) yield return new("taskTokens", new JsonArray([.. vocabulary.TaskTokens.Select(o => (JsonNode?)o)]));
        yield return new("maxPositions", Meta(OnnxMetadata.MaxPositions));
        yield return new("input", Input(config, problem, tokenizer));
        var described = new JsonObject();
        foreach (var (file, graph) in graphs) described[file] = Graph(graph);
        yield return new("graphs", described);
        yield return new("greedy", new JsonObject
        {
            ["file"] = OnnxNames.GreedyFile,
            ["input"] = OnnxNames.InputIds,
            ["output"] = OnnxNames.OutputIds,
            ["maxOutputLength"] = Meta(OnnxMetadata.MaxPositions) - 1,
            ["firstOutput"] = "the first generated token (the [SOS] the decoder starts from is not repeated)",
            ["afterEos"] = Vocabulary.Pad,
        });
    }

    /// <summary>
    /// Throws when a manifest's self-description differs from the one this export's config and graphs give (an edit
    /// or damage); a manifest without one (written before it existed, same format) passes.
    /// </summary>
    public static void Check(JsonObject actual, RunConfig config, IEnumerable<(string File, GraphProto Graph)> graphs, string manifestPath)
    {
        if (actual.Count == 0) return;
        var problem = config.CreateProblem();
        var expected = new JsonObject(Create(config, problem, config.CreateTokenizer(problem), graphs));
        if (!JsonNode.DeepEquals(actual, expected))
        {
            string field = expected.Select(f => f.Key).Concat(actual.Select(f => f.Key))
                .First(k => !JsonNode.DeepEquals(actual[k], expected[k]));
            throw new InvalidDataException($"'{manifestPath}' is damaged or was edited: its {field} does not match the graphs. Export the model again.");
        }
    }

    /// <summary>
    /// The input rules and the source template: the problem's own token body of its example input, with each digit run
    /// replaced by its operand number, so the template comes from <see cref="MathProblem.EncodeInput"/> itself. A multitask
    /// model lists one template per task, each starting with the task's token.
    /// </summary>
    private static JsonObject Input(RunConfig config, MathProblem problem, MathTokenizer tokenizer)
    {
        if (problem.Tasks.Count > 0)
            return new JsonObject
            {
                ["rules"] = problem.DescribeInput(),
                ["trainedRange"] = problem.DescribeRange(config.Problem.Max),
                ["tasks"] = new JsonArray([.. problem.Tasks.Select(t => (JsonNode)Template(problem, tokenizer,
                    t.Tag(t.Problem.ExampleInput(t.Options.Max)), t.Problem, t.Options.Max, new JsonObject { ["name"] = t.Name, ["token"] = t.Token }))]),
            };
        return Template(problem, tokenizer, problem.ExampleInput(config.Problem.Max), problem, config.Problem.Max, []);
    }

    // The template of one problem's inputs (a task's: `own` is the task, `example` the model's input with its index).
    private static JsonObject Template(MathProblem problem, MathTokenizer tokenizer, long[] example, MathProblem own, long max, JsonObject fields)
    {
        int[] body = problem.EncodeInput(tokenizer, example);
        var template = new JsonArray();
        int operand = 0;
        for (int i = 0; i < body.Length; i++)
        {
            if (!tokenizer.Vocabulary.IsDigit(body[i]))
                template.Add(new JsonObject { ["token"] = tokenizer.Vocabulary.Symbols[body[i]] });
            else if (i == 0 || !tokenizer.Vocabulary.IsDigit(body[i - 1]))
                template.Add(new JsonObject { ["operand"] = operand++ });
        }
        if (operand != own.Arity)
            throw new NotSupportedException($"ONNX export cannot describe the {own.Name} input as a template: its example has {operand} digit runs for {own.Arity} operands.");
        var operands = example.AsSpan(example.Length - own.Arity).ToArray();
        fields["rules"] = own.DescribeInput();
        fields["trainedRange"] = own.DescribeRange(max);
        fields["arity"] = own.Arity;
        fields["template"] = template;
        fields["example"] = new JsonObject
        {
            ["text"] = problem.FormatInput(example),
            ["operands"] = new JsonArray([.. operands.Select(v => (JsonNode?)v)]),
            ["sourceIds"] = new JsonArray([.. MathTokenizer.Frame(body).Select(id => (JsonNode?)id)]),
        };
        return fields;
    }

    private static JsonObject Graph(GraphProto graph)
    {
        var initialized = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        return new JsonObject
        {
            ["inputs"] = Values(graph.Input.Where(i => !initialized.Contains(i.Name))),
            ["outputs"] = Values(graph.Output),
        };
    }

    private static JsonArray Values(IEnumerable<ValueInfoProto> values) => new([.. values.Select(v => (JsonNode)new JsonObject
    {
        ["name"] = v.Name,
        ["elementType"] = ((TensorProto.Types.DataType)v.Type.TensorType.ElemType).ToString().ToLowerInvariant(),
        ["shape"] = new JsonArray([.. v.Type.TensorType.Shape.Dim.Select(d => d.HasDimParam ? (JsonNode?)d.DimParam : d.DimValue)]),
    })]);
}
