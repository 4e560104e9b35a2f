using System.Text.Json.Nodes;
using NeuralMath.Artifacts;
using NeuralMath.Decoding;
using NeuralMath.Evaluation;
using NeuralMath.Problems;
using NeuralMath.Training;
using static TorchSharp.torch;

namespace NeuralMath.Onnx.Tests;

/// <summary>A multitask model (addition and gcd), trained briefly and exported once.</summary>
public sealed class MultitaskExport : IDisposable
{
    public MultitaskExport()
    {
        Root = Directory.CreateTempSubdirectory("nm-onnx-multi-").FullName;
        var config = ExportedModels.TinyConfig("addition", ["training.steps=150", "model.positions=relative", "model.crossAttentionPositions=true",
            """problem={ "name": "multitask", "tasks": [ { "name": "addition", "max": 10, "outOfSample": 3 }, { "name": "gcd", "max": 12, "outOfSample": 3 } ] }"""]);
        string run = Path.Combine(Root, "run");
        new Trainer(config, run).Run(finalEvaluation: false);
        Artifact = ModelArtifact.Load(Path.Combine(run, "model.nmm"), "cpu");
        ExportDirectory = Path.Combine(Root, "export");
        OnnxExporter.Export(Artifact.Config, Artifact.Model, ExportDirectory);
        Onnx = OnnxModel.Load(ExportDirectory);
    }

    public string Root { get; }

    public ModelArtifact Artifact { get; }

    public string ExportDirectory { get; }

    public OnnxModel Onnx { get; }

    public void Dispose()
    {
        Onnx.Dispose();
        Artifact.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}

/// <summary>The export carries the task vocabulary, and ONNX Runtime answers <c>gcd:12,18</c> exactly as TorchSharp does.</summary>
public sealed class MultitaskExportTests(MultitaskExport export) : IClassFixture<MultitaskExport>
{
    [Fact]
    public void TheExport_CarriesTheTasks_InItsMetadataAndManifest()
    {
        var problem = Assert.IsType<MultitaskProblem>(export.Onnx.Problem);
        Assert.Equal(["addition", "gcd"], problem.Tasks.Select(t => t.Name));
        Assert.Equal(export.Artifact.Tokenizer.Vocabulary.Symbols, export.Onnx.Tokenizer.Vocabulary.Symbols);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(export.ExportDirectory, "manifest.json")))!;
        Assert.Equal(["<addition>", "<gcd>"], manifest["taskTokens"]!.AsArray().Select(t => (string)t!));
        var tasks = manifest["input"]!["tasks"]!.AsArray();
        Assert.Equal("gcd", (string)tasks[1]!["name"]!);
        // The template starts with the task token, then the task's own operands and operator.
        Assert.Equal(["token <gcd>", "operand 0", "token gcd", "operand 1"],
            tasks[1]!["template"]!.AsArray().Select(t => t!.AsObject().Single() is var (key, value) ? $"{key} {value}" : ""));
        Assert.StartsWith("gcd:gcd(", (string)tasks[1]!["example"]!["text"]!, StringComparison.Ordinal);
        var proto = NeuralMath.Onnx.Proto.ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(export.ExportDirectory, "encoder.onnx")));
        var declared = JsonNode.Parse(proto.MetadataProps.Single(p => p.Key == "neuralmath.tasks").Value)!.AsArray();
        Assert.Equal(["addition <addition>", "gcd <gcd>"], declared.Select(t => $"{t!["name"]} {t["token"]}"));
    }

    [Fact]
    public void OnnxRuntime_AnswersEveryTask_ExactlyLikeTorchSharp()
    {
        var problem = export.Onnx.Problem;
        string[] texts = ["gcd:12,18", "gcd:4,6", "addition:3+4", "addition:12+9", .. Enumerable.Range(1, 12).Select(a => $"gcd:{a},{13 - a}"), .. Enumerable.Range(0, 11).Select(a => $"addition:{a}+{10 - a}")];
        var inputs = texts.Select(t => Assert.IsType<long[]>(ProblemInput.TryParse(problem, null, t, out var input, out var error) ? input : throw new InvalidOperationException(error))).ToArray();
        var options = new BeamSearchOptions { Beams = 3 };
        var torch = new Predictor(export.Artifact.Problem, export.Artifact.Tokenizer, new TorchStepDecoder(export.Artifact.Model, CPU)).Predict(inputs, options);
        var onnx = export.Onnx.CreatePredictor().Predict(inputs, options);
        for (int i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(Describe(problem, torch[i]), Describe(problem, onnx[i]));
            for (int b = 0; b < torch[i].Beams.Count; b++)
                Assert.Equal(torch[i].Beams[b].Hypothesis.LogProbability, onnx[i].Beams[b].Hypothesis.LogProbability, 1e-4);
        }
    }

    private static string Describe(MathProblem problem, Prediction p) =>
        string.Join(" | ", p.Beams.Select(b => $"{string.Join(' ', b.Hypothesis.Tokens)} {(b.Answer is null ? "-" : problem.FormatAnswer(b.Answer))} {b.Verdict.Correct}"));
}
