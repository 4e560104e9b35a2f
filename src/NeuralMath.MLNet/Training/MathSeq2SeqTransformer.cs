using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using Microsoft.ML.Data;
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
/// (weights and options included), and loaded back by <c>mlContext.Model.Load</c> alone.
/// </summary>
/// <remarks>
/// Deliberately not <see cref="IDisposable"/>: ML.NET disposes disposable transformers when a PredictionEngine (or a
/// TransformerChain) built on them is disposed, which would free a model that other engines still share. The torch
/// model's native memory is released when the transformer is garbage-collected.
/// </remarks>
public sealed class MathSeq2SeqTransformer : MappedTransformer
{
    internal const string LoaderSignature = "NeuralMathSeq2Seq";
    internal const string ModelEntry = "NeuralMathModel.nmm";
    internal static readonly ComponentFormat Format = new("NMSEQ2SQ", LoaderSignature, 0x00010001, "NeuralMath seq2seq model");
    private static readonly JsonSerializerOptions Json = new() { IncludeFields = true };
    private readonly byte[] _modelBytes;
    private readonly ModelArtifact _artifact;
    private long _decodedRows;

    internal MathSeq2SeqTransformer(IHostEnvironment env, Settings settings, byte[] modelBytes)
    {
        ArgumentNullException.ThrowIfNull(env);
        Options = settings ?? throw new ArgumentNullException(nameof(settings));
        _modelBytes = modelBytes ?? throw new ArgumentNullException(nameof(modelBytes));
        _artifact = LoadArtifact(modelBytes, settings.Device);
        Predictor = new Predictor(_artifact.Problem, _artifact.Tokenizer, new TorchStepDecoder(_artifact.Model, _artifact.Device));
    }

    /// <summary>The decoder and verifier (problem, tokenizer and model) this transformer uses.</summary>
    public Predictor Predictor { get; }

    /// <summary>The configuration the model was trained with.</summary>
    public Configuration.RunConfig Config => _artifact.Config;

    /// <summary>Column names and beam search settings.</summary>
    internal Settings Options { get; }

    /// <summary>Rows decoded so far (tests use it to check laziness).</summary>
    internal long DecodedRows => Interlocked.Read(ref _decodedRows);

    /// <summary>Writes the options and the model file (config, vocabulary, weights) into the zip.</summary>
    private protected override void Save(ModelSaveContext ctx) =>
        ModelStorage.Save(ctx, Format, JsonSerializer.Serialize(Options, Json), new Dictionary<string, byte[]> { [ModelEntry] = _modelBytes });

    internal void CountDecoded() => Interlocked.Increment(ref _decodedRows);

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
        return new MathSeq2SeqTransformer(env, settings, bytes);
    }

    private protected override ColumnMapper CreateColumnMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new MathSeq2SeqMapper(inputSchema, this);
    }

    // ModelArtifact reads files; the bytes go through a temporary one that is deleted at once.
    private static ModelArtifact LoadArtifact(byte[] bytes, string device)
    {
        string path = Path.Combine(Path.GetTempPath(), "neuralmath-" + Guid.NewGuid().ToString("N") + ".nmm");
        try
        {
            File.WriteAllBytes(path, bytes);
            return ModelArtifact.Load(path, device);
        }
        catch (InvalidDataException e)
        {
            throw ModelStorage.Damaged(Format, e);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>What the transformer keeps besides the model: column names, beam search and device. Saved as JSON.</summary>
    internal sealed class Settings
    {
        public string InputColumnName = NeuralMathColumnNames.Input;
        public string PredictedLabelColumnName = NeuralMathColumnNames.PredictedLabel;
        public string BeamsColumnName = NeuralMathColumnNames.Beams;
        public string ScoreColumnName = NeuralMathColumnNames.Score;
        public string VerifiedAnswerColumnName = NeuralMathColumnNames.VerifiedAnswer;
        public BeamSearchOptions Search = new();
        public string Device = "auto";

        public static Settings From(MathSeq2SeqTrainer.Options o) => new()
        {
            InputColumnName = o.InputColumnName,
            PredictedLabelColumnName = o.PredictedLabelColumnName,
            BeamsColumnName = o.BeamsColumnName,
            ScoreColumnName = o.ScoreColumnName,
            VerifiedAnswerColumnName = o.VerifiedAnswerColumnName,
            Search = o.Search,
            Device = o.Config.Training.Device,
        };
    }
}
