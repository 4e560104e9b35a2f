using System.Text.Json.Nodes;
using Microsoft.ML.OnnxRuntime;
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
    private readonly InferenceSession _encoder, _step;
    private readonly Lazy<InferenceSession> _greedy;
    private readonly SessionFactory _factory;

    private OnnxModel(string directory, RunConfig config, SessionFactory factory, InferenceSession encoder, InferenceSession step, Lazy<InferenceSession> greedy)
    {
        Directory = directory;
        Config = config;
        Problem = config.CreateProblem();
        Tokenizer = config.CreateTokenizer(Problem);
        _factory = factory;
        _encoder = encoder;
        _step = step;
        _greedy = greedy;
        StepDecoder = new OnnxStepDecoder(encoder, step, Tokenizer.Vocabulary.Size, config.Model.MaxPositions, config.Model.DecoderLayers);
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

    /// <summary>Where the graphs run: <c>CPU</c> or <c>CUDA:N</c>.</summary>
    public string ExecutionProvider => _factory.Provider;

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
        var factory = new SessionFactory(options ?? new OnnxModelOptions());
        InferenceSession? encoder = null, step = null;
        try
        {
            encoder = OpenChecked(factory, directory, OnnxNames.EncoderFile, manifest);
            var config = ReadConfig(encoder, Path.Combine(directory, OnnxNames.EncoderFile));
            step = OpenChecked(factory, directory, OnnxNames.DecoderStepFile, manifest);
            var greedy = new Lazy<InferenceSession>(() => OpenChecked(factory, directory, OnnxNames.GreedyFile, manifest), LazyThreadSafetyMode.ExecutionAndPublication);
            return new OnnxModel(directory, config, factory, encoder, step, greedy);
        }
        catch
        {
            encoder?.Dispose();
            step?.Dispose();
            throw;
        }
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
        using var outputs = _greedy.Value.Run(runOptions, [OnnxNames.InputIds], [input], [OnnxNames.OutputIds]);
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
        if (_greedy.IsValueCreated) _greedy.Value.Dispose();
    }

    /// <summary>Opens one graph and checks it is intact and belongs to this folder's export.</summary>
    private static InferenceSession OpenChecked(SessionFactory factory, string directory, string file, ExportManifest manifest)
    {
        string path = Path.Combine(directory, file);
        if (!File.Exists(path)) throw new FileNotFoundException($"ONNX export '{directory}' is incomplete: {file} is missing.", path);
        bool intact = manifest.Sha256.TryGetValue(file, out var expected) && string.Equals(expected, ExportManifest.Hash(path), StringComparison.OrdinalIgnoreCase);
        InferenceSession session;
        try
        {
            session = factory.Create(path);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"'{path}' is not a readable ONNX model (damaged or truncated): {e.Message.Split('\n')[0].Trim()}", e);
        }
        try
        {
            var meta = session.ModelMetadata.CustomMetadataMap;
            meta.TryGetValue(OnnxMetadata.Format, out var format);
            if (format != OnnxMetadata.FormatName)
                throw new InvalidDataException($"'{path}' is an ONNX model but not one exported by NeuralMath (no {OnnxMetadata.Format} metadata).");
            meta.TryGetValue(OnnxMetadata.ExportId, out var exportId);
            if (exportId != manifest.ExportId)
            {
                meta.TryGetValue(OnnxMetadata.Problem, out var problem);
                throw new InvalidDataException($"'{path}' comes from another export (problem '{problem}', export {exportId}) than {OnnxNames.ManifestFile} (problem '{manifest.Problem}', export {manifest.ExportId}); do not mix files of different exports.");
            }
            if (!intact)
                throw new InvalidDataException($"'{path}' does not match the SHA-256 in {OnnxNames.ManifestFile}: the file is damaged or was modified. Export the model again.");
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The RunConfig in the metadata, checked against the vocabulary the file was written with.</summary>
    private static RunConfig ReadConfig(InferenceSession session, string path)
    {
        var meta = session.ModelMetadata.CustomMetadataMap;
        RunConfig config;
        try
        {
            config = RunConfig.Parse(meta.GetValueOrDefault(OnnxMetadata.Config) ?? "null", source: $"'{path}' metadata {OnnxMetadata.Config}");
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            throw new InvalidDataException($"'{path}' has an invalid config in its metadata: {e.Message}", e);
        }
        var tokenizer = config.CreateTokenizer(config.CreateProblem());
        var symbols = JsonNode.Parse(meta.GetValueOrDefault(OnnxMetadata.Vocabulary) ?? "[]")?.AsArray().Select(n => n?.GetValue<string>()).ToArray() ?? [];
        if (!symbols.SequenceEqual(tokenizer.Vocabulary.Symbols))
            throw new InvalidDataException($"'{path}': its vocabulary metadata does not match what its config builds; the file was edited or comes from an incompatible version.");
        return config;
    }
}
