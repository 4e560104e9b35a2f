using System.Globalization;
using NeuralMath.Artifacts;
using NeuralMath.Configuration;
using NeuralMath.Model;
using NeuralMath.Runtime;
using NeuralMath.Training;
using static TorchSharp.torch;

namespace NeuralMath.Onnx.Tests;

/// <summary>One model in both runtimes: the TorchSharp original and its ONNX export.</summary>
public sealed class ModelPair(string name, RunConfig config, Seq2SeqModel torch, OnnxModel onnx, string exportDirectory)
{
    public string Name { get; } = name;

    public RunConfig Config { get; } = config;

    public Seq2SeqModel Torch { get; } = torch;

    public OnnxModel Onnx { get; } = onnx;

    public string ExportDirectory { get; } = exportDirectory;

    public override string ToString() => Name;
}

/// <summary>
/// Built once for all tests: one architecture variant per exported option combination (random weights, perturbed
/// so biases and norms are not at their initial values) and one model trained for real on tiny addition.
/// </summary>
public sealed class ExportedModels : IDisposable
{
    /// <summary>Variant name → model overrides. Together they cover every position encoding (per-number positions in
    /// both digit orders), norm placement, shared/separate embeddings, embedding scaling, cross-attention positions on and
    /// off, and a model with no encoder layers, no decoder self-attention and a cross-attention window.</summary>
    public static readonly Dictionary<string, string[]> Variants = new()
    {
        ["relative-cross-pre-shared"] = ["model.positions=relative", "model.crossAttentionPositions=true", "model.norm=pre", "model.sharedEmbeddings=true"],
        ["relative-post-separate-scaled"] = ["model.positions=relative", "model.crossAttentionPositions=false", "model.norm=post", "model.sharedEmbeddings=false", "model.scaleEmbeddings=true"],
        ["sinusoidal-post-separate-scaled"] = ["model.positions=sinusoidal", "model.crossAttentionPositions=false", "model.norm=post", "model.sharedEmbeddings=false", "model.scaleEmbeddings=true"],
        ["learned-cross-pre-separate"] = ["model.positions=learned", "model.crossAttentionPositions=true", "model.norm=pre", "model.sharedEmbeddings=false"],
        ["sinusoidal-cross-post-shared"] = ["model.positions=sinusoidal", "model.crossAttentionPositions=true", "model.norm=post", "model.sharedEmbeddings=true"],
        ["perNumber-lsb-pre-shared"] = ["model.positions=perNumber", "model.maxPositionOffset=3", "tokenizer.digitOrder=leastSignificantFirst", "model.crossAttentionPositions=false", "model.norm=pre", "model.sharedEmbeddings=true",
            "model.encoderLayers=0", "model.decoderSelfAttention=false", "model.crossAttentionWindow=1"],
        ["perNumber-msb-cross-post-separate"] = ["model.positions=perNumber", "model.crossAttentionPositions=true", "model.norm=post", "model.sharedEmbeddings=false"],
    };

    private readonly List<ModelPair> _pairs = [];

    public ExportedModels()
    {
        Root = Directory.CreateTempSubdirectory("nm-onnx-").FullName;
        int seed = 1;
        foreach (var (name, overrides) in Variants)
        {
            var config = TinyConfig("addition", overrides);
            TorchRandom.Seed(seed++);
            var model = new Seq2SeqModel(config.Model, config.CreateTokenizer(config.CreateProblem()));
            Perturb(model);
            _pairs.Add(Export(name, config, model));
        }

        var run = Path.Combine(Root, "trained");
        new Trainer(TinyConfig("addition", ["training.steps=300", "model.positions=relative", "model.crossAttentionPositions=true"]), run).Run(finalEvaluation: false);
        Artifact = ModelArtifact.Load(Path.Combine(run, "model.nmm"), "cpu");
        Trained = Export("trained", Artifact.Config, Artifact.Model);

        var factorization = TinyConfig("factorization", []);
        TorchRandom.Seed(99);
        ForeignModel = new Seq2SeqModel(factorization.Model, factorization.CreateTokenizer(factorization.CreateProblem()).Vocabulary.Size);
        ForeignExport = Path.Combine(Root, "factorization");
        OnnxExporter.Export(factorization, ForeignModel, ForeignExport);
    }

    public string Root { get; }

    public IReadOnlyList<ModelPair> Pairs => _pairs;

    public ModelArtifact Artifact { get; }

    public ModelPair Trained { get; }

    public Seq2SeqModel ForeignModel { get; }

    /// <summary>An export of a factorization model, for "file from another problem" errors.</summary>
    public string ForeignExport { get; }

    public ModelPair this[string name] => _pairs.Single(p => p.Name == name);

    /// <summary>Tiny models (2+2 layers, d 32) on a tiny range: exports and decodes in well under a second.</summary>
    public static RunConfig TinyConfig(string problem, IEnumerable<string> overrides) => RunConfig.Parse($$"""
        {
          "problem": { "name": "{{problem}}", "max": {{(problem == "addition" ? 10 : 100)}}, "outOfSample": 6, "validationFraction": 0.1, "testFraction": 0.1 },
          "tokenizer": { "base": 10 },
          "model": { "modelDim": 32, "heads": 4, "encoderLayers": 2, "decoderLayers": 2, "feedForwardDim": 64, "dropout": 0, "maxPositions": 12 },
          "training": { "steps": 10, "batchSize": 32, "learningRate": 0.003, "warmupSteps": 20, "evalEvery": 1000, "checkpointEvery": 1000, "validationSamples": 0, "seed": 3, "threads": 1 }
        }
        """, overrides);

    /// <summary>Every addition input with both operands below <paramref name="limit"/> (in range and past it).</summary>
    public static long[][] AdditionInputs(int limit) =>
        [.. Enumerable.Range(0, limit).SelectMany(a => Enumerable.Range(0, limit).Select(b => new long[] { a, b }))];

    public void Dispose()
    {
        foreach (var p in _pairs)
        {
            p.Onnx.Dispose();
            if (p != Trained) p.Torch.Dispose();
        }
        Trained.Onnx.Dispose();
        Artifact.Dispose();
        ForeignModel.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }

    private ModelPair Export(string name, RunConfig config, Seq2SeqModel model)
    {
        string dir = Path.Combine(Root, name);
        OnnxExporter.Export(config, model, dir);
        return new ModelPair(name, config, model, OnnxModel.Load(dir), dir);
    }

    private static void Perturb(Seq2SeqModel model)
    {
        using var noGrad = no_grad();
        foreach (var p in model.parameters()) p.add_(randn_like(p) * 0.1);
        model.eval();
    }

    internal static string Invariant(double value) => value.ToString("G3", CultureInfo.InvariantCulture);
}

[CollectionDefinition(Name)]
public sealed class ExportedModelsCollection : ICollectionFixture<ExportedModels>
{
    public const string Name = "exported models";
}
