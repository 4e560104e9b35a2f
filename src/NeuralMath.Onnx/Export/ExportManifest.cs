using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using NeuralMath.Diagnostics;
using NeuralMath.IO;
using NeuralMath.Onnx.Runtime;

namespace NeuralMath.Onnx.Export;

/// <summary>
/// manifest.json of an export folder: format, export id, problem and a SHA-256 per file, so a damaged or
/// swapped file is named at load time instead of producing wrong answers.
/// </summary>
/// <remarks>
/// The other root fields (<see cref="Description"/>: vocabulary, input rules, graph contracts) describe the export for
/// apps in other languages; they are written by <see cref="ManifestDescription"/> and checked against it at load.
/// </remarks>
internal sealed record ExportManifest(string ExportId, string Problem, string LibraryVersion, IReadOnlyDictionary<string, string> Sha256, long Opset = OnnxExporter.Opset, JsonObject? Description = null)
{
    private static readonly string[] IntegrityFields = ["format", "formatVersion", "libraryVersion", "exportId", "problem", "opset", "files"];

    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The files every export holds, each listed with its SHA-256.</summary>
    public static readonly string[] GraphFiles = [OnnxNames.EncoderFile, OnnxNames.DecoderStepFile, OnnxNames.GreedyFile];

    public void Write(string directory)
    {
        var files = new JsonObject();
        foreach (var (file, hash) in Sha256) files[file] = new JsonObject { ["sha256"] = hash };
        var json = new JsonObject
        {
            ["format"] = OnnxMetadata.FormatName,
            ["formatVersion"] = OnnxMetadata.FormatVersion,
            ["libraryVersion"] = LibraryVersion,
            ["exportId"] = ExportId,
            ["problem"] = Problem,
            ["opset"] = Opset,
            ["files"] = files,
        };
        foreach (var (key, value) in Description ?? []) json[key] = value?.DeepClone();
        AtomicFile.Default.Write(Path.Combine(directory, OnnxNames.ManifestFile), System.Text.Encoding.UTF8.GetBytes(json.ToJsonString(WriteOptions)));
    }

    /// <summary>Reads a folder's manifest; a missing, foreign or newer one gives an <see cref="InvalidDataException"/> saying which.</summary>
    public static ExportManifest Read(string directory)
    {
        string path = Path.Combine(directory, OnnxNames.ManifestFile);
        if (!File.Exists(path))
            throw new FileNotFoundException($"'{directory}' is not a NeuralMath ONNX export: it has no {OnnxNames.ManifestFile} (write one with `neuralmath export --model <model.nmm> --out <dir>`).", path);
        try
        {
            var json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException("it is not a JSON object");
            if (Text(json, "format") != OnnxMetadata.FormatName)
                throw new InvalidDataException($"'{path}' is not a NeuralMath ONNX manifest (format '{ErrorText.Readable(Text(json, "format"))}').");
            int version = (int?)json["formatVersion"] ?? 0;
            string? writer = ErrorText.Readable(Text(json, "libraryVersion"));
            if (version > OnnxMetadata.FormatVersion)
                throw new InvalidDataException($"'{path}' was written by NeuralMath {writer} in export format {version}; this build reads format {OnnxMetadata.FormatVersion}. Upgrade NeuralMath.");
            if (version < OnnxMetadata.FormatVersion)
                throw new InvalidDataException($"'{path}' was written by NeuralMath {writer} in export format {version}, whose decoder step has different inputs; this build reads format {OnnxMetadata.FormatVersion}. Export the model again.");
            var hashes = (json["files"] as JsonObject ?? throw new InvalidDataException("it has no file list"))
                .ToDictionary(f => f.Key, f => Text(f.Value as JsonObject ?? [], "sha256") ?? "", StringComparer.Ordinal);
            if (GraphFiles.FirstOrDefault(f => !hashes.ContainsKey(f)) is string unlisted)
                throw new InvalidDataException($"it does not list {unlisted}");
            if (hashes.Keys.FirstOrDefault(f => !GraphFiles.Contains(f)) is string unknown)
                throw new InvalidDataException($"it lists '{ErrorText.Readable(unknown)}', which is not part of an export");
            var description = new JsonObject(json.Where(f => !IntegrityFields.Contains(f.Key)).Select(f => KeyValuePair.Create(f.Key, f.Value?.DeepClone())));
            return new ExportManifest(Text(json, "exportId") ?? "", Text(json, "problem") ?? "", Text(json, "libraryVersion") ?? "", hashes, (long?)json["opset"] ?? 0, description);
        }
        catch (InvalidDataException e) when (e.Message.StartsWith($"'{path}'", StringComparison.Ordinal))
        {
            throw;
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            // Values of the wrong JSON type throw InvalidOperationException or FormatException from the casts.
            throw new InvalidDataException($"'{path}' is damaged or was edited{ErrorText.Detail(e)}. Export the model again.", e);
        }
    }

    private static string? Text(JsonObject json, string key) => json[key] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    /// <summary>
    /// Every field must agree with the graphs' own metadata (whose bytes the SHA-256s vouch for), so an edit or damage
    /// anywhere in the manifest is refused, not only in the hashes.
    /// </summary>
    public void CheckAgainst(ExportedGraph graph)
    {
        string? Meta(string key) => graph.Metadata.GetValueOrDefault(key);
        string? field = Problem != Meta(OnnxMetadata.Problem) ? "problem"
            : LibraryVersion != Meta(OnnxMetadata.LibraryVersion) ? "libraryVersion"
            : Opset != graph.Opset ? "opset"
            : null;
        if (field is not null)
            throw new InvalidDataException($"'{Path.Combine(Path.GetDirectoryName(graph.Path)!, OnnxNames.ManifestFile)}' is damaged or was edited: its {field} does not match {Path.GetFileName(graph.Path)}. Export the model again.");
    }

    public static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
