using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NeuralMath.Onnx.Export;

/// <summary>
/// manifest.json of an export folder: format, export id, problem and a SHA-256 per file, so a damaged or
/// swapped file is named at load time instead of producing wrong answers.
/// </summary>
internal sealed record ExportManifest(string ExportId, string Problem, string LibraryVersion, IReadOnlyDictionary<string, string> Sha256)
{
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
            ["opset"] = OnnxExporter.Opset,
            ["files"] = files,
        };
        File.WriteAllText(Path.Combine(directory, OnnxNames.ManifestFile), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Reads a folder's manifest; a missing, foreign or newer one gives an <see cref="InvalidDataException"/> saying which.</summary>
    public static ExportManifest Read(string directory)
    {
        string path = Path.Combine(directory, OnnxNames.ManifestFile);
        if (!File.Exists(path))
            throw new FileNotFoundException($"'{directory}' is not a NeuralMath ONNX export: it has no {OnnxNames.ManifestFile} (write one with `neuralmath export --model <model.nmm> --out <dir>`).", path);
        JsonObject json;
        try
        {
            json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException("not a JSON object");
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            throw new InvalidDataException($"'{path}' is damaged: {e.Message}", e);
        }
        if ((string?)json["format"] != OnnxMetadata.FormatName)
            throw new InvalidDataException($"'{path}' is not a NeuralMath ONNX manifest (format '{json["format"]}').");
        int version = (int?)json["formatVersion"] ?? 0;
        if (version > OnnxMetadata.FormatVersion)
            throw new InvalidDataException($"'{path}' was written by NeuralMath {json["libraryVersion"]} in export format {version}; this build reads format {OnnxMetadata.FormatVersion}. Upgrade NeuralMath.");
        if (version < OnnxMetadata.FormatVersion)
            throw new InvalidDataException($"'{path}' was written by NeuralMath {json["libraryVersion"]} in export format {version}, whose decoder step has different inputs; this build reads format {OnnxMetadata.FormatVersion}. Export the model again.");
        var hashes = (json["files"] as JsonObject ?? [])
            .ToDictionary(f => f.Key, f => (string?)f.Value?["sha256"] ?? "", StringComparer.Ordinal);
        return new ExportManifest((string?)json["exportId"] ?? "", (string?)json["problem"] ?? "", (string?)json["libraryVersion"] ?? "", hashes);
    }

    public static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
