using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using Microsoft.ML.Data;
using NeuralMath.Annotations;
using NeuralMath.Artifacts;
using NeuralMath.Decoding;
using NeuralMath.Evaluation;
using NeuralMath.Internal;
using NeuralMath.Mapping;

namespace NeuralMath.Training;

/// <summary>
/// A trained NeuralMath model as an ML.NET transformer: adds the top answer, the n-best answers, their scores and the
/// verified answer for each input row. Decoding is lazy (a row is decoded when one of its new columns is read) and
/// goes through the core's <see cref="Predictor"/>, the one decode-and-verify path. Saved inside ML.NET model zips
/// (weights and options included, not the device), and loaded back by <c>mlContext.Model.Load</c> alone, onto the
/// device <see cref="InferenceDevice"/> names.
/// </summary>
/// <remarks>
/// Disposing it frees the torch model's native memory at once. Like ML.NET's other disposable transformers, it is
/// disposed by a <see cref="PredictionEngine{TSrc, TDst}"/> created on it (or on a chain holding it) when that engine is
/// disposed; to share one model among engines, create them with <c>new PredictionEngineOptions { OwnsTransformer = false }</c>.
/// </remarks>
public sealed class MathSeq2SeqTransformer : MappedTransformer, IDisposable
{
    internal const string LoaderSignature = "NeuralMathSeq2Seq";
    internal const string ModelEntry = "NeuralMathModel.nmm";

    /// <summary>Format 0x00010002 reads a token column; 0x00010001 (NeuralMath.MLNet 0.1.0) read the input text, and still loads.</summary>
    internal static readonly ComponentFormat Format = new("NMSEQ2SQ", LoaderSignature, 0x00010002, "NeuralMath seq2seq model");

    private static readonly JsonSerializerOptions Json = new() { IncludeFields = true };
    private readonly IHostEnvironment _env;
    private readonly ModelArtifact _artifact;
    private readonly Predictor _predictor;
    private long _decodedRows;
    private int _disposed;

    /// <summary>Takes ownership of <paramref name="artifact"/>.</summary>
    internal MathSeq2SeqTransformer(IHostEnvironment env, Settings settings, ModelArtifact artifact)
    {
        _env = env ?? throw new ArgumentNullException(nameof(env));
        Options = settings ?? throw new ArgumentNullException(nameof(settings));
        _artifact = artifact ?? throw new ArgumentNullException(nameof(artifact));
        Tokenized = new TokenizedProblem(artifact.Config.Problem, artifact.Config.Tokenizer);
        _predictor = new Predictor(_artifact.Problem, _artifact.Tokenizer, new TorchStepDecoder(_artifact.Model, _artifact.Device));
    }

    /// <summary>The decoder and verifier (problem, tokenizer and model) this transformer uses.</summary>
    /// <exception cref="ObjectDisposedException">The transformer was disposed.</exception>
    public Predictor Predictor => Volatile.Read(ref _disposed) == 0 ? _predictor : throw Disposed();

    /// <summary>The configuration the model was trained with.</summary>
    public Configuration.RunConfig Config => _artifact.Config;

    /// <summary>Where it decodes: <c>cpu</c> or <c>cuda:N</c>.</summary>
    public string Device => _artifact.Device.ToString();

    /// <summary>Column names and beam search settings.</summary>
    internal Settings Options { get; }

    /// <summary>The problem and tokenization of the model, which the token column it reads must agree with.</summary>
    internal TokenizedProblem Tokenized { get; }

    /// <summary>Rows decoded so far (tests use it to check laziness).</summary>
    internal long DecodedRows => Interlocked.Read(ref _decodedRows);

    /// <summary>
    /// The same model and settings decoding on another device (<c>auto</c>, <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>), as a
    /// new transformer that owns its own copy of the weights; this one is unchanged.
    /// </summary>
    public MathSeq2SeqTransformer OnDevice(string device)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(device);
        using var model = new MemoryStream();
        Artifact().Save(model);
        model.Position = 0;
        return new MathSeq2SeqTransformer(_env, Options, LoadArtifact(model, device));
    }

    /// <summary>Frees the torch model. Decoding afterwards throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) _artifact.Dispose();
    }

    /// <summary>Writes the options and the model file (config, vocabulary, weights) into the zip, streamed from the model in memory.</summary>
    private protected override void Save(ModelSaveContext ctx)
    {
        var artifact = Artifact();
        ModelStorage.Save(ctx, Format, JsonSerializer.Serialize(Options, Json), new Dictionary<string, Action<Stream>> { [ModelEntry] = artifact.Save });
    }

    internal void CountDecoded() => Interlocked.Increment(ref _decodedRows);

    /// <remarks>Options of format 0x00010001 name no token column: such a model reads the input text, as it did then, also once saved again.</remarks>
    internal static MathSeq2SeqTransformer FromSaved(IHostEnvironment env, string payload, IReadOnlyDictionary<string, byte[]> entries)
    {
        Settings settings;
        try
        {
            settings = JsonSerializer.Deserialize<Settings>(payload, Json) ?? throw new InvalidDataException("empty options");
            settings.Search.Validate();
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidDataException)
        {
            throw ModelStorage.Damaged(Format, e);
        }
        if (!entries.TryGetValue(ModelEntry, out var bytes)) throw ModelStorage.Damaged(Format, new InvalidDataException($"the entry '{ModelEntry}' is missing"));
        using var model = new MemoryStream(bytes, writable: false);
        return new MathSeq2SeqTransformer(env, settings, LoadArtifact(model, InferenceDevice.ForLoading));
    }

    private protected override ColumnMapper CreateColumnMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new MathSeq2SeqMapper(inputSchema, this);
    }

    private ModelArtifact Artifact() => Volatile.Read(ref _disposed) == 0 ? _artifact : throw Disposed();

    private ObjectDisposedException Disposed() => new(nameof(MathSeq2SeqTransformer),
        "This NeuralMath model was disposed, perhaps by a PredictionEngine that owned it (the default when the engine is disposed). " +
        "Create engines that share a model with new PredictionEngineOptions { OwnsTransformer = false }.");

    // The model file's bytes, from the zip or from another transformer: loaded from memory, checksum and all.
    private static ModelArtifact LoadArtifact(Stream model, string device)
    {
        try
        {
            return ModelArtifact.Load(model, device, ModelEntry);
        }
        catch (InvalidDataException e)
        {
            throw ModelStorage.Damaged(Format, e);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new InvalidOperationException($"The NeuralMath seq2seq model cannot decode on device '{device}' (set {InferenceDevice.EnvironmentVariable}, or call OnDevice): {e.Message}", e);
        }
    }

    /// <summary>
    /// What the transformer keeps besides the model: column names and beam search. Saved as JSON. Zips written before
    /// 0.1.1 also hold the training device under "Device"; it is ignored, as the device is chosen at load.
    /// </summary>
    internal sealed class Settings
    {
        /// <summary>The token column the model reads; null for models first saved in format 0x00010001, which read <see cref="InputColumnName"/>.</summary>
        public string? TokensColumnName;

        /// <summary>Models of format 0x00010001 only: the input text column they read.</summary>
        public string InputColumnName = NeuralMathColumnNames.Input;

        public string PredictedLabelColumnName = NeuralMathColumnNames.PredictedLabel;
        public string BeamsColumnName = NeuralMathColumnNames.Beams;
        public string ScoreColumnName = NeuralMathColumnNames.Score;
        public string VerifiedAnswerColumnName = NeuralMathColumnNames.VerifiedAnswer;
        public BeamSearchOptions Search = new();

        public static Settings From(MathSeq2SeqTrainer.Options o) => new()
        {
            TokensColumnName = o.TokensColumnName,
            PredictedLabelColumnName = o.PredictedLabelColumnName,
            BeamsColumnName = o.BeamsColumnName,
            ScoreColumnName = o.ScoreColumnName,
            VerifiedAnswerColumnName = o.VerifiedAnswerColumnName,
            Search = o.Search,
        };
    }
}
