using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using NeuralMath.Configuration;
using NeuralMath.Diagnostics;

namespace NeuralMath.Artifacts;

/// <summary>What a model file holds, read and checked without torch: integrity, format, config and vocabulary.</summary>
internal sealed record ModelFileContents(JsonObject Manifest, RunConfig Config, byte[] Weights, Dictionary<string, byte[]> ExtraEntries, bool Checksummed);

/// <summary>
/// Reads a <c>.nmm</c> zip, from a file or from a stream. Every failure is an <see cref="InvalidDataException"/> (or
/// <see cref="FileNotFoundException"/>) whose message is one line naming the file (or the stream's name) and what is
/// wrong with it.
/// </summary>
internal static class ModelFileReader
{
    public const string ManifestEntry = "manifest.json", WeightsEntry = "weights.bin";

    public static ModelFileContents Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        using var file = File.OpenRead(path);
        return Read(file, path);
    }

    /// <summary>Reads a model file's bytes from <paramref name="source"/>'s position to its end; <paramref name="name"/> names it in messages.</summary>
    public static ModelFileContents Read(Stream source, string name)
    {
        ArgumentNullException.ThrowIfNull(source);
        // The checksum and the zip directory are found from the end, and zip offsets count from the file's first byte.
        if (source.CanSeek && source.Position == 0) return ReadFile(source, name);
        using var copy = new MemoryStream();
        source.CopyTo(copy);
        copy.Position = 0;
        return ReadFile(copy, name);
    }

    private static ModelFileContents ReadFile(Stream file, string path)
    {
        JsonObject manifest;
        byte[] weights;
        var extra = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        bool checksummed;
        try
        {
            checksummed = ModelFileDigest.Verify(file, path);
            file.Position = 0;
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            manifest = JsonNode.Parse(ReadEntry(zip, ManifestEntry, path)) as JsonObject
                ?? throw new InvalidDataException($"'{path}': the manifest is not a JSON object.");
            int version = CheckFormat(manifest, path);
            // Since format 2 every file ends with its checksum: one without it was damaged there or repacked.
            if (!checksummed && version >= 2)
                throw new InvalidDataException($"'{path}' is damaged: its checksum (the zip comment) is missing or unreadable. Use an intact copy, or retrain.");
            weights = ReadEntry(zip, WeightsEntry, path);
            foreach (var e in zip.Entries)
                if (e.FullName is not ManifestEntry and not WeightsEntry) extra[e.FullName] = ReadEntry(zip, e.FullName, path);
        }
        catch (InvalidDataException e) when (e.Message.StartsWith($"'{path}'", StringComparison.Ordinal))
        {
            throw;
        }
        catch (Exception e) when (e is not (OutOfMemoryException or UnauthorizedAccessException or FileNotFoundException))
        {
            // A damaged zip fails in many ways (bad headers, bad deflate data, impossible sizes, invalid JSON).
            throw new InvalidDataException($"'{path}' is not a readable NeuralMath model file (damaged, truncated or another format){ErrorText.Detail(e)}.", e);
        }
        return new ModelFileContents(manifest, ReadConfig(manifest, path), weights, extra, checksummed);
    }

    /// <summary>The config, checked against the vocabulary the file was written with.</summary>
    private static RunConfig ReadConfig(JsonObject manifest, string path) =>
        SavedConfig.Read(manifest["config"]?.ToJsonString(), manifest["vocabulary"]?.ToJsonString(), path, "manifest");

    private static int CheckFormat(JsonObject manifest, string path)
    {
        if ((string?)manifest["format"] != ModelArtifact.FormatName)
            throw new InvalidDataException($"'{path}' is not a NeuralMath model file (format '{ErrorText.Readable(manifest["format"]?.ToJsonString())}').");
        int version = manifest["formatVersion"] is JsonValue v && v.TryGetValue(out int n) ? n : 0;
        if (version > ModelArtifact.FormatVersion)
            throw new InvalidDataException($"'{path}' was written by NeuralMath {ErrorText.Readable((string?)manifest["libraryVersion"])} in model format {version}; this build ({ModelArtifact.LibraryVersion}) reads format {ModelArtifact.FormatVersion} and older. Upgrade NeuralMath to load it.");
        if (version < 1) throw new InvalidDataException($"'{path}' has an unknown model format version '{ErrorText.Readable(manifest["formatVersion"]?.ToJsonString())}'.");
        return version;
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
