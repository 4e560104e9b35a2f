using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using NeuralMath.Configuration;
using NeuralMath.Diagnostics;
using NeuralMath.IO;
using NeuralMath.Model;
using NeuralMath.Problems;
using NeuralMath.Runtime;
using NeuralMath.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralMath.Artifacts;

/// <summary>
/// A trained model in one file: a zip holding <c>manifest.json</c> (format version, library version,
/// the full run config, the vocabulary, training metadata) and <c>weights.bin</c> (TorchSharp weights), whose zip
/// comment is the SHA-256 of the rest of the file. Checkpoints use the same format plus the optimizer and trainer state.
/// </summary>
/// <remarks>Only load model files from sources you trust.</remarks>
public sealed class ModelArtifact : IDisposable
{
    /// <summary>The format tag in every manifest.</summary>
    public const string FormatName = "neuralmath-model";

    /// <summary>The newest format version this build reads and the one it writes (2: the file carries its SHA-256).</summary>
    public const int FormatVersion = 2;

    private ModelArtifact(RunConfig config, MathProblem problem, MathTokenizer tokenizer, Seq2SeqModel model, Device device, JsonObject metadata, bool checksumVerified)
    {
        ChecksumVerified = checksumVerified;
        Config = config;
        Problem = problem;
        Tokenizer = tokenizer;
        Model = model;
        Device = device;
        Metadata = metadata;
    }

    /// <summary>The config the model was trained with.</summary>
    public RunConfig Config { get; }

    /// <summary>The problem it solves.</summary>
    public MathProblem Problem { get; }

    /// <summary>Its tokenizer.</summary>
    public MathTokenizer Tokenizer { get; }

    /// <summary>The network, in evaluation mode, on <see cref="Device"/>.</summary>
    public Seq2SeqModel Model { get; }

    /// <summary>Where the weights live.</summary>
    public Device Device { get; }

    /// <summary>True when the file's SHA-256 was checked; false for a format-1 file, which has none.</summary>
    public bool ChecksumVerified { get; }

    /// <summary>Training metadata (steps, seed, wall time, hardware, validation metrics...).</summary>
    public JsonObject Metadata { get; }

    /// <summary>This library's version string.</summary>
    public static string LibraryVersion { get; } = BuildVersion.Of(typeof(ModelArtifact).Assembly).Version;

    /// <summary>
    /// Writes a model file atomically (see <see cref="AtomicFile"/>), with optional extra zip entries. The
    /// file ends with the SHA-256 of everything before it, so damage anywhere in it is refused at load.
    /// </summary>
    public static void Save(string path, RunConfig config, Seq2SeqModel model, JsonObject metadata, IReadOnlyDictionary<string, byte[]>? extraEntries = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(metadata);
        AtomicFile.Default.Write(path, file => Write(file, config, model, metadata, extraEntries));
    }

    /// <summary>
    /// Writes a model file to <paramref name="destination"/> at its position: the same bytes <see cref="Save(string, RunConfig, Seq2SeqModel, JsonObject, IReadOnlyDictionary{string, byte[]}?)"/>
    /// writes to a file, SHA-256 included, so <see cref="Load(Stream, string, string)"/> (or a file of these bytes) reads them back.
    /// </summary>
    public static void Save(Stream destination, RunConfig config, Seq2SeqModel model, JsonObject metadata)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(metadata);
        // The checksum is written over the finished zip, so the file is assembled where it can be re-read and patched.
        using var file = new MemoryStream();
        Write(file, config, model, metadata, null);
        file.Position = 0;
        file.CopyTo(destination);
    }

    /// <summary>Writes this model (its config, weights and training metadata) to <paramref name="destination"/> as a model file.</summary>
    public void Save(Stream destination) => Save(destination, Config, Model, Metadata);

    /// <summary>
    /// Loads a model file onto a device (auto, cpu, cuda, cuda:N). A missing, truncated, damaged, edited, foreign or
    /// newer-format file gives an <see cref="InvalidDataException"/> (or <see cref="FileNotFoundException"/>) whose
    /// one-line message says which.
    /// </summary>
    public static ModelArtifact Load(string path, string device = "auto") => Load(path, device, out _);

    /// <summary>Loads a model file and returns its extra zip entries (checkpoint state).</summary>
    public static ModelArtifact Load(string path, string device, out Dictionary<string, byte[]> extraEntries)
    {
        var contents = ModelFileReader.Read(path);
        extraEntries = contents.ExtraEntries;
        return Build(contents, device, path);
    }

    /// <summary>
    /// Loads a model file's bytes from <paramref name="source"/> (from its position to its end) with the same checks as
    /// a file: checksum, format, config, vocabulary, weights. <paramref name="name"/> names the bytes in messages.
    /// </summary>
    public static ModelArtifact Load(Stream source, string device = "auto", string name = "model stream")
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Build(ModelFileReader.Read(source, name), device, name);
    }

    /// <summary>
    /// Checks a model file without building the model: its checksum, format, config and vocabulary. Returns true when
    /// the checksum was verified, false for a file of model format 1, which has none (it loads, with a warning).
    /// Throws what <see cref="Load(string, string)"/> throws for a file it would refuse, except weights that do not fit.
    /// </summary>
    public static bool Verify(string path) => ModelFileReader.Read(path).Checksummed;

    private static ModelArtifact Build(ModelFileContents contents, string device, string name)
    {
        if (!contents.Checksummed) Console.Error.WriteLine(LegacyWarning(name));
        var config = contents.Config;
        var problem = config.CreateProblem();
        var tokenizer = config.CreateTokenizer(problem);

        TorchRuntime.EnsureLoaded();
        var dev = TorchRuntime.ResolveDevice(device);
        var model = new Seq2SeqModel(config.Model, tokenizer);
        try
        {
            using var stream = new MemoryStream(contents.Weights);
            model.load(stream);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            model.Dispose();
            throw new InvalidDataException($"'{name}': the weights do not fit the model its config describes{ErrorText.Detail(e)}.", e);
        }
        model.to(dev);
        model.eval();
        return new ModelArtifact(config, problem, tokenizer, model, dev, contents.Manifest["metadata"] as JsonObject ?? [], contents.Checksummed);
    }

    // A zip holding the manifest, the weights and any extra entries, then sealed with its SHA-256. The stream is new and empty.
    private static void Write(Stream file, RunConfig config, Seq2SeqModel model, JsonObject metadata, IReadOnlyDictionary<string, byte[]>? extraEntries)
    {
        var problem = config.CreateProblem();
        var tokenizer = config.CreateTokenizer(problem);
        var manifest = new JsonObject
        {
            ["format"] = FormatName,
            ["formatVersion"] = FormatVersion,
            ["libraryVersion"] = LibraryVersion,
            ["createdUtc"] = DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["problem"] = problem.Name,
            ["vocabulary"] = new JsonArray(tokenizer.Vocabulary.Symbols.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
            ["parameters"] = model.ParameterCount,
            ["config"] = JsonNode.Parse(config.ToJson()),
            ["metadata"] = metadata.DeepClone(),
        };
        // The config holds the task list; the manifest repeats it where people and other tools look first.
        if (problem.Tasks.Count > 0)
            manifest["tasks"] = new JsonArray([.. problem.Tasks.Select(t => (JsonNode)new JsonObject { ["name"] = t.Name, ["token"] = t.Token, ["weight"] = t.Weight })]);
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.Comment = ModelFileDigest.Placeholder;
            WriteEntry(zip, ModelFileReader.ManifestEntry, System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true })));
            using (var weights = new MemoryStream())
            {
                model.save(weights);
                WriteEntry(zip, ModelFileReader.WeightsEntry, weights.ToArray());
            }
            foreach (var (name, bytes) in extraEntries ?? new Dictionary<string, byte[]>()) WriteEntry(zip, name, bytes);
        }
        ModelFileDigest.Seal(file);
    }

    /// <summary>
    /// Format-1 files (written before checksums) still load: they are our users' trained runs and resumable
    /// checkpoints, and the structure checks (format, config, vocabulary, weight names and shapes) still apply.
    /// </summary>
    internal static string LegacyWarning(string path) =>
        $"warning: '{path}' is a model file of format 1, written before model files carried a checksum, so damage to it cannot be detected. Save it again with this version (retrain, or ModelArtifact.Save) to add one.";

    /// <inheritdoc />
    public void Dispose() => Model.Dispose();

    private static void WriteEntry(ZipArchive zip, string name, byte[] bytes)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        stream.Write(bytes);
    }
}
