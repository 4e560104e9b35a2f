using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using NeuralMath.Configuration;
using NeuralMath.Model;
using NeuralMath.Problems;
using NeuralMath.Runtime;
using NeuralMath.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralMath.Artifacts;

/// <summary>
/// A trained model in one file: a zip holding <c>manifest.json</c> (format version, library version,
/// the full run config, the vocabulary, training metadata) and <c>weights.bin</c> (TorchSharp weights).
/// Checkpoints use the same format plus the optimizer and trainer state.
/// </summary>
/// <remarks>Only load model files from sources you trust.</remarks>
public sealed class ModelArtifact : IDisposable
{
    /// <summary>The format tag in every manifest.</summary>
    public const string FormatName = "neuralmath-model";

    /// <summary>The newest format version this build reads and the one it writes.</summary>
    public const int FormatVersion = 1;

    private const string ManifestEntry = "manifest.json", WeightsEntry = "weights.bin";

    private ModelArtifact(RunConfig config, MathProblem problem, MathTokenizer tokenizer, Seq2SeqModel model, Device device, JsonObject metadata)
    {
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

    /// <summary>Training metadata (steps, seed, wall time, hardware, validation metrics...).</summary>
    public JsonObject Metadata { get; }

    /// <summary>This library's version string.</summary>
    public static string LibraryVersion { get; } =
        typeof(ModelArtifact).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Writes a model file atomically (see <see cref="AtomicFile"/>), with optional extra zip entries.</summary>
    public static void Save(string path, RunConfig config, Seq2SeqModel model, JsonObject metadata, IReadOnlyDictionary<string, byte[]>? extraEntries = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(model);
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
        AtomicFile.Write(path, file =>
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true);
            WriteEntry(zip, ManifestEntry, System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true })));
            using (var weights = new MemoryStream())
            {
                model.save(weights);
                WriteEntry(zip, WeightsEntry, weights.ToArray());
            }
            foreach (var (name, bytes) in extraEntries ?? new Dictionary<string, byte[]>()) WriteEntry(zip, name, bytes);
        });
    }

    /// <summary>
    /// Loads a model file onto a device (auto, cpu, cuda, cuda:N). A missing, truncated, foreign or newer-format
    /// file gives an <see cref="InvalidDataException"/> (or <see cref="FileNotFoundException"/>) that says which.
    /// </summary>
    public static ModelArtifact Load(string path, string device = "auto") => Load(path, device, out _);

    /// <summary>Loads a model file and returns its extra zip entries (checkpoint state).</summary>
    public static ModelArtifact Load(string path, string device, out Dictionary<string, byte[]> extraEntries)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        extraEntries = [];
        JsonObject manifest;
        byte[] weights;
        try
        {
            using var zip = ZipFile.OpenRead(path);
            manifest = JsonNode.Parse(ReadEntry(zip, ManifestEntry, path)) as JsonObject
                ?? throw new InvalidDataException($"'{path}': the manifest is not a JSON object.");
            CheckFormat(manifest, path);
            weights = ReadEntry(zip, WeightsEntry, path);
            foreach (var e in zip.Entries)
                if (e.FullName is not ManifestEntry and not WeightsEntry) extraEntries[e.FullName] = ReadEntry(zip, e.FullName, path);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or IOException && e is not FileNotFoundException)
        {
            throw e is InvalidDataException { Message: var m } && m.StartsWith('\'')
                ? e
                : new InvalidDataException($"'{path}' is not a readable NeuralMath model file (damaged, truncated or another format): {e.Message}", e);
        }

        RunConfig config;
        try
        {
            config = RunConfig.Parse(manifest["config"]?.ToJsonString() ?? "null", source: $"'{path}' manifest config");
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            throw new InvalidDataException($"'{path}' has an invalid config: {e.Message}", e);
        }
        var problem = config.CreateProblem();
        var tokenizer = config.CreateTokenizer(problem);
        var symbols = manifest["vocabulary"]?.AsArray().Select(n => n?.GetValue<string>()).ToArray() ?? [];
        if (!symbols.SequenceEqual(tokenizer.Vocabulary.Symbols))
            throw new InvalidDataException($"'{path}': its vocabulary does not match what its config builds; the file was edited or comes from an incompatible version.");

        TorchRuntime.EnsureLoaded();
        var dev = TorchRuntime.ResolveDevice(device);
        var model = new Seq2SeqModel(config.Model, tokenizer.Vocabulary.Size);
        try
        {
            using var stream = new MemoryStream(weights);
            model.load(stream);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            model.Dispose();
            throw new InvalidDataException($"'{path}': the weights do not fit the model its config describes ({e.Message}).", e);
        }
        model.to(dev);
        model.eval();
        return new ModelArtifact(config, problem, tokenizer, model, dev, manifest["metadata"] as JsonObject ?? []);
    }

    /// <inheritdoc />
    public void Dispose() => Model.Dispose();

    private static void CheckFormat(JsonObject manifest, string path)
    {
        if ((string?)manifest["format"] != FormatName)
            throw new InvalidDataException($"'{path}' is not a NeuralMath model file (format '{manifest["format"]}').");
        int version = (int?)manifest["formatVersion"] ?? 0;
        if (version > FormatVersion)
            throw new InvalidDataException($"'{path}' was written by NeuralMath {manifest["libraryVersion"]} in model format {version}; this build ({LibraryVersion}) reads format {FormatVersion} and older. Upgrade NeuralMath to load it.");
        if (version < 1) throw new InvalidDataException($"'{path}' has an unknown model format version '{manifest["formatVersion"]}'.");
    }

    private static void WriteEntry(ZipArchive zip, string name, byte[] bytes)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        stream.Write(bytes);
    }

    private static byte[] ReadEntry(ZipArchive zip, string name, string path)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidDataException($"'{path}' is not a NeuralMath model file: it has no {name}.");
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
