using System.Globalization;
using System.Text.Json.Nodes;
using NeuralMath.Onnx.Proto;
using NeuralMath.Tokenization;

namespace NeuralMath.Onnx.Tests;

/// <summary>
/// manifest.json alone describes an export to an app in another language (vocabulary, special ids, base, digit order,
/// input template, graph contracts), agrees with the graphs' metadata, and is checked at load like the rest.
/// </summary>
[Collection(ExportedModelsCollection.Name)]
public sealed class ManifestTests(ExportedModels models) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nm-onnx-manifest-").FullName;

    public static TheoryData<string> Exports => ["trained", "factorization"];

    [Theory]
    [MemberData(nameof(Exports))]
    public void Manifest_Alone_HoldsWhatAnAppNeeds_AndAgreesWithTheMetadata(string export)
    {
        string dir = export == "trained" ? models.Trained.ExportDirectory : models.ForeignExport;
        var manifest = Manifest(dir);
        var meta = new ModelProto[] { Proto(dir, "encoder.onnx"), Proto(dir, "decoder_step.onnx"), Proto(dir, "greedy.onnx") }
            .Select(p => p.MetadataProps.ToDictionary(e => e.Key, e => e.Value)).ToArray();
        foreach (var m in meta)
        {
            Assert.Equal(JsonNode.Parse(m["neuralmath.vocabulary"])!.AsArray().Select(n => n!.GetValue<string>()),
                manifest["vocabulary"]!.AsArray().Select((t, i) => { Assert.Equal(i, (int)t!["id"]!); return (string)t["token"]!; }));
            Assert.Equal(m["neuralmath.pad_id"], Text(manifest["specialTokens"]!["[PAD]"]));
            Assert.Equal(m["neuralmath.sos_id"], Text(manifest["specialTokens"]!["[SOS]"]));
            Assert.Equal(m["neuralmath.eos_id"], Text(manifest["specialTokens"]!["[EOS]"]));
            Assert.Equal(m["neuralmath.base"], Text(manifest["base"]));
            Assert.Equal(m["neuralmath.digit_order"], (string)manifest["digitOrder"]!);
            Assert.Equal(m["neuralmath.first_digit_id"], Text(manifest["firstDigitId"]));
            Assert.Equal(m["neuralmath.max_positions"], Text(manifest["maxPositions"]));
            Assert.Equal(m["neuralmath.problem"], (string)manifest["problem"]!);
        }

        var greedy = manifest["graphs"]!["greedy.onnx"]!;
        Assert.Equal("""[{"name":"input_ids","elementType":"int64","shape":["batch","source"]}]""", greedy["inputs"]!.ToJsonString());
        Assert.Equal("""[{"name":"output_ids","elementType":"int64","shape":["batch","target"]}]""", greedy["outputs"]!.ToJsonString());
        Assert.Equal((long)manifest["maxPositions"]! - 1, (long)manifest["greedy"]!["maxOutputLength"]!);
        Assert.Equal("[PAD]", (string)manifest["greedy"]!["afterEos"]!);
        Assert.Equal(["encoder.onnx", "decoder_step.onnx", "greedy.onnx"], manifest["graphs"]!.AsObject().Select(g => g.Key));
        Assert.False(string.IsNullOrWhiteSpace((string?)manifest["input"]!["rules"]));
    }

    [Theory]
    [MemberData(nameof(Exports))]
    public void ManifestRules_Alone_TokenizeEveryInputAsTheProblemDoes(string export)
    {
        string dir = export == "trained" ? models.Trained.ExportDirectory : models.ForeignExport;
        using var model = OnnxModel.Load(dir);
        var manifest = Manifest(dir);
        var example = manifest["input"]!["example"]!;
        long[] exampleInput = [.. example["operands"]!.AsArray().Select(n => (long)n!)];
        Assert.Equal(model.Problem.FormatInput(exampleInput), (string)example["text"]!);
        Assert.Equal(example["sourceIds"]!.AsArray().Select(n => (int)n!), FromManifest(manifest, exampleInput));

        var inputs = export == "trained" ? ExportedModels.AdditionInputs(40) : [.. Enumerable.Range(2, 500).Select(n => new long[] { n })];
        foreach (var input in inputs.Append(export == "trained" ? [long.MaxValue - 7, 7] : [long.MaxValue]))
            Assert.Equal(MathTokenizer.Frame(model.Problem.EncodeInput(model.Tokenizer, input)), FromManifest(manifest, input));
    }

    [Theory]
    [InlineData("base", "16")]
    [InlineData("digitOrder", "\"leastSignificantFirst\"")]
    [InlineData("specialTokens", """{"[PAD]":0,"[SOS]":2,"[EOS]":1}""")]
    [InlineData("extra", "1")]
    public void EditedDescription_IsRefusedAtLoad(string field, string value)
    {
        Copy(models.Trained.ExportDirectory);
        var manifest = Manifest(_dir);
        manifest[field] = JsonNode.Parse(value);
        File.WriteAllText(Path.Combine(_dir, "manifest.json"), manifest.ToJsonString());
        var e = Assert.Throws<InvalidDataException>(() => OnnxModel.Load(_dir));
        Assert.Contains($"its {field} does not match", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ManifestWithoutDescription_FromEarlierVersionsOfTheSameFormat_StillLoads()
    {
        Copy(models.Trained.ExportDirectory);
        var manifest = Manifest(_dir);
        foreach (var key in manifest.Select(f => f.Key).Except(["format", "formatVersion", "libraryVersion", "exportId", "problem", "opset", "files"]).ToList())
            manifest.Remove(key);
        File.WriteAllText(Path.Combine(_dir, "manifest.json"), manifest.ToJsonString());
        using var model = OnnxModel.Load(_dir);
        Assert.Equal("addition", model.Problem.Name);
    }

    /// <summary>What docs/onnx.md tells an app to do: the template, each operand's digits in the base and order, framed.</summary>
    internal static int[] FromManifest(JsonObject manifest, long[] operands)
    {
        var ids = new List<int> { (int)manifest["specialTokens"]!["[SOS]"]! };
        var vocabulary = manifest["vocabulary"]!.AsArray().ToDictionary(t => (string)t!["token"]!, t => (int)t!["id"]!);
        ulong numberBase = (ulong)manifest["base"]!;
        foreach (var part in manifest["input"]!["template"]!.AsArray())
        {
            if (part!["token"] is JsonNode token)
            {
                ids.Add(vocabulary[(string)token!]);
                continue;
            }
            var digits = new List<int>();
            ulong v = (ulong)operands[(int)part["operand"]!];
            do
            {
                digits.Add(vocabulary[(v % numberBase).ToString(CultureInfo.InvariantCulture)]);
                v /= numberBase;
            }
            while (v != 0);
            if ((string)manifest["digitOrder"]! == "mostSignificantFirst") digits.Reverse();
            ids.AddRange(digits);
        }
        ids.Add((int)manifest["specialTokens"]!["[EOS]"]!);
        return [.. ids];
    }

    private static JsonObject Manifest(string dir) => JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")))!.AsObject();

    private static ModelProto Proto(string dir, string file) => ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(dir, file)));

    private static string Text(JsonNode? node) => ((long)node!).ToString(CultureInfo.InvariantCulture);

    private void Copy(string from)
    {
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(_dir, Path.GetFileName(f)), overwrite: true);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
