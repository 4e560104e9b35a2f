using Google.Protobuf;
using NeuralMath.Artifacts;
using NeuralMath.Configuration;
using NeuralMath.IO;
using NeuralMath.Model;
using NeuralMath.Onnx.Export;
using NeuralMath.Onnx.Proto;
using NeuralMath.Tokenization;
using static TorchSharp.torch;

namespace NeuralMath.Onnx;

/// <summary>
/// Writes a trained model as standard ONNX (default domain only, opset 17, dynamic batch and lengths):
/// <c>encoder.onnx</c>, <c>decoder_step.onnx</c> (one cached step, for beam search), <c>greedy.onnx</c> (ids in,
/// ids out, decoding inside the graph) and <c>manifest.json</c>. See docs/onnx.md for the inputs, outputs and metadata.
/// </summary>
public static class OnnxExporter
{
    /// <summary>The ONNX operator set the graphs use (LayerNormalization needs 17).</summary>
    public const int Opset = 17;

    // IR version 8 is what opset 17 was released with; ONNX Runtime 1.12+ and onnx 1.12+ read it.
    private const long IrVersion = 8;

    /// <summary>Exports a loaded model file to <paramref name="outputDirectory"/> (created if needed). Returns the files written.</summary>
    public static IReadOnlyList<string> Export(ModelArtifact artifact, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        return Export(artifact.Config, artifact.Model, outputDirectory);
    }

    /// <summary>
    /// Exports a model built from <paramref name="config"/>. Throws <see cref="NotSupportedException"/> naming the
    /// option when some part of the model cannot be written as ONNX.
    /// </summary>
    public static IReadOnlyList<string> Export(RunConfig config, Seq2SeqModel model, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        var options = model.Options;
        EnsureSupported(options);
        var problem = config.CreateProblem();
        var tokenizer = config.CreateTokenizer(problem);
        if (tokenizer.Vocabulary.Size != model.VocabularySize)
            throw new ArgumentException($"The model scores {model.VocabularySize} tokens but its config's vocabulary has {tokenizer.Vocabulary.Size}: they do not belong together.", nameof(model));

        model.eval();
        using var noGrad = no_grad();
        var weights = new ModelWeights(model);
        var net = new TransformerGraph(weights, options, tokenizer);
        var graphs = new OnnxGraphs(net, options.DecoderLayers, options.Heads, options.ModelDim / options.Heads, options.ModelDim, model.VocabularySize, options.MaxPositions);
        var built = new (string File, string Kind, GraphProto Graph)[]
        {
            (OnnxNames.EncoderFile, "encoder", graphs.Encoder()),
            (OnnxNames.DecoderStepFile, "decoder_step", graphs.DecoderStep()),
            (OnnxNames.GreedyFile, "greedy", graphs.Greedy()),
        };
        if (weights.Unused.FirstOrDefault() is string unused)
            throw new NotSupportedException($"ONNX export does not know the model parameter '{unused}'; this exporter is older than the model code.");

        Directory.CreateDirectory(outputDirectory);
        string exportId = Guid.NewGuid().ToString("N");
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        var written = new List<string>();
        foreach (var (file, kind, graph) in built)
        {
            var proto = new ModelProto
            {
                IrVersion = IrVersion,
                ProducerName = "NeuralMath",
                ProducerVersion = ModelArtifact.LibraryVersion,
                DocString = $"NeuralMath {problem.Name} model ({kind}); see docs/onnx.md.",
                Graph = graph,
            };
            proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
            foreach (var (key, value) in OnnxMetadata.Create(config, tokenizer, kind, exportId))
                proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
            string path = Path.Combine(outputDirectory, file);
            AtomicFile.Default.Write(path, proto.ToByteArray());
            hashes[file] = ExportManifest.Hash(path);
            written.Add(path);
        }
        var description = new System.Text.Json.Nodes.JsonObject(ManifestDescription.Create(config, problem, tokenizer, built.Select(b => (b.File, b.Graph))));
        new ExportManifest(exportId, problem.Name, ModelArtifact.LibraryVersion, hashes, Description: description).Write(outputDirectory);
        written.Add(Path.Combine(outputDirectory, OnnxNames.ManifestFile));
        return written;
    }

    /// <summary>Every option of the core model exports today; this names the option if a new value does not.</summary>
    private static void EnsureSupported(ModelOptions o)
    {
        if (o.Positions is not (PositionEncoding.Sinusoidal or PositionEncoding.Learned or PositionEncoding.Relative or PositionEncoding.PerNumber))
            throw new NotSupportedException($"ONNX export does not support model.positions = '{o.Positions}'.");
        if (o.Norm is not (NormPlacement.Pre or NormPlacement.Post))
            throw new NotSupportedException($"ONNX export does not support model.norm = '{o.Norm}'.");
        if (o.ModelDim % o.Heads != 0)
            throw new NotSupportedException($"ONNX export needs model.modelDim ({o.ModelDim}) divisible by model.heads ({o.Heads}).");
    }
}
