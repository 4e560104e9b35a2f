using Microsoft.ML.OnnxRuntime;
using NeuralMath.Artifacts;
using NeuralMath.Configuration;
using NeuralMath.Evaluation;
using NeuralMath.Onnx.Export;
using NeuralMath.Onnx.Runtime;
using NeuralMath.Problems;
using NeuralMath.Tokenization;

namespace NeuralMath.Onnx;

/// <summary>
/// An exported model folder served by ONNX Runtime: the problem and tokenizer rebuilt from the files' metadata,
/// a step decoder for <see cref="Decoding.BeamSearch"/>, and the self-contained greedy graph.
/// </summary>
/// <example>
/// <code>
/// using var model = OnnxModel.Load("exports/addition");
/// var prediction = model.CreatePredictor().Predict([[45, 202]], new BeamSearchOptions { Beams = 3 })[0];
/// </code>
/// </example>
public sealed class OnnxModel : IDisposable
{
    private readonly InferenceSession _encoder, _step, _greedy;
    private readonly ExecutionDevice _device;

    private OnnxModel(string directory, RunConfig config, ExecutionDevice device, InferenceSession encoder, InferenceSession step, InferenceSession greedy)
    {
        Directory = directory;
        Config = config;
        Problem = config.CreateProblem();
        Tokenizer = config.CreateTokenizer(Problem);
        _device = device;
        _encoder = encoder;
        _step = step;
        _greedy = greedy;
        StepDecoder = new OnnxStepDecoder(encoder, step, device.CacheMemory, Tokenizer.Vocabulary.Size, config.Model);
    }

    /// <summary>The export folder.</summary>
    public string Directory { get; }

    /// <summary>The config the model was trained with (from the files' metadata).</summary>
    public RunConfig Config { get; }

    /// <summary>The problem it solves.</summary>
    public MathProblem Problem { get; }

    /// <summary>Its tokenizer.</summary>
    public MathTokenizer Tokenizer { get; }

    /// <summary>The cached step decoder over <c>encoder.onnx</c> and <c>decoder_step.onnx</c>.</summary>
    public OnnxStepDecoder StepDecoder { get; }

    /// <summary>Where the graphs run, all three on the same provider: <c>CPU</c> or <c>CUDA:N</c>.</summary>
    public string ExecutionProvider => _device.Name;

    /// <summary>
    /// Loads an export folder (or a file inside it). A missing, damaged, foreign or mixed-up folder gives a
    /// <see cref="FileNotFoundException"/> or <see cref="InvalidDataException"/> that says which file and why.
    /// </summary>
    public static OnnxModel Load(string path, OnnxModelOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string directory = File.Exists(path) ? Path.GetDirectoryName(Path.GetFullPath(path))! : path;
        if (!System.IO.Directory.Exists(directory)) throw new DirectoryNotFoundException($"ONNX export folder '{path}' does not exist.");
        var manifest = ExportManifest.Read(directory);
        // Every file the manifest lists is read, hashed and checked now, not when something first runs it.
        var graphs = ExportManifest.GraphFiles.Select(f => ExportedGraph.Read(directory, f, manifest)).ToArray();
        manifest.CheckAgainst(graphs[0]);
        var config = ReadConfig(graphs[0]);
        int layers = config.Model.DecoderLayers;
        var model = config.Model;
        bool digitRun = model.Positions == Model.PositionEncoding.PerNumber, window = model.CrossAttentionWindow is not null;
        GraphContract[] contracts = [GraphContract.Encoder(layers, window), GraphContract.DecoderStep(layers, digitRun, window), GraphContract.Greedy()];
        for (int i = 0; i < graphs.Length; i++) contracts[i].Check(graphs[i].Proto.Graph, graphs[i].Path);
        ManifestDescription.Check(manifest.Description ?? [], config, graphs.Select((g, i) => (ExportManifest.GraphFiles[i], g.Proto.Graph)), Path.Combine(directory, OnnxNames.ManifestFile));

        var (sessions, device) = new SessionFactory(options ?? new OnnxModelOptions()).OpenAll(graphs);
        return new OnnxModel(directory, config, device, sessions[0], sessions[1], sessions[2]);
    }

    /// <summary>A predictor (beam search + verification) over this model: the same path as for TorchSharp models.</summary>
    public Predictor CreatePredictor() => new(Problem, Tokenizer, StepDecoder);

    /// <summary>
    /// Runs <c>greedy.onnx</c> on framed sources: per source, the generated tokens after [SOS] up to and including
    /// [EOS] (without the [PAD] filler), or every generated token when the length limit came first.
    /// </summary>
    public int[][] DecodeGreedy(IReadOnlyList<int[]> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (sources.Count == 0) return [];
        var (ids, shape) = OnnxStepDecoder.PadRight(sources);
        using var input = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var runOptions = new RunOptions();
        using var outputs = _greedy.Run(runOptions, [OnnxNames.InputIds], [input], [OnnxNames.OutputIds]);
        var output = outputs[0].GetTensorDataAsSpan<long>();
        int width = (int)outputs[0].GetTensorTypeAndShape().Shape[1];
        var result = new int[sources.Count][];
        for (int r = 0; r < sources.Count; r++)
        {
            var row = output.Slice(r * width, width);
            int end = row.IndexOf(Vocabulary.EndId);
            int length = end >= 0 ? end + 1 : width;
            result[r] = new int[length];
            for (int c = 0; c < length; c++) result[r][c] = (int)row[c];
        }
        return result;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _encoder.Dispose();
        _step.Dispose();
        _greedy.Dispose();
        _device.Dispose();
    }

    /// <summary>The RunConfig in the metadata, checked against the vocabulary the file was written with.</summary>
    private static RunConfig ReadConfig(ExportedGraph graph) =>
        SavedConfig.Read(graph.Metadata.GetValueOrDefault(OnnxMetadata.Config), graph.Metadata.GetValueOrDefault(OnnxMetadata.Vocabulary), graph.Path, "metadata");
}
