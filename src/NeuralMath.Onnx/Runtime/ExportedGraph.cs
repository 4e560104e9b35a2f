using System.Security.Cryptography;
using Google.Protobuf;
using NeuralMath.Onnx.Export;
using NeuralMath.Onnx.Proto;

namespace NeuralMath.Onnx.Runtime;

/// <summary>
/// One graph file of an export folder, read once, checked against the folder's manifest (SHA-256, export id) and
/// parsed; the runtime creates its session from these same bytes.
/// </summary>
internal sealed class ExportedGraph
{
    private ExportedGraph(string path, byte[] bytes, ModelProto proto, Dictionary<string, string> metadata)
    {
        Path = path;
        Bytes = bytes;
        Proto = proto;
        Metadata = metadata;
    }

    public string Path { get; }

    public byte[] Bytes { get; }

    public ModelProto Proto { get; }

    /// <summary>The file's metadata_props (docs/onnx.md lists the keys).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The ONNX operator set of the default domain.</summary>
    public long Opset => Proto.OpsetImport.FirstOrDefault(o => o.Domain.Length == 0)?.Version ?? 0;

    public static ExportedGraph Read(string directory, string file, ExportManifest manifest)
    {
        string path = System.IO.Path.Combine(directory, file);
        if (!File.Exists(path)) throw new FileNotFoundException($"ONNX export '{directory}' is incomplete: {file} is missing.", path);
        byte[] bytes = File.ReadAllBytes(path);
        // Compared exactly: the exporter writes lowercase hex, so any other spelling is an edit.
        bool intact = manifest.Sha256.TryGetValue(file, out var expected)
            && string.Equals(expected, Convert.ToHexStringLower(SHA256.HashData(bytes)), StringComparison.Ordinal);
        var proto = TryParse(bytes);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in proto?.MetadataProps ?? []) metadata[entry.Key] = entry.Value;
        metadata.TryGetValue(OnnxMetadata.Format, out var format);
        metadata.TryGetValue(OnnxMetadata.ExportId, out var exportId);
        // A whole file from another export is named as such; any other difference is damage.
        if (format == OnnxMetadata.FormatName && exportId != manifest.ExportId)
        {
            metadata.TryGetValue(OnnxMetadata.Problem, out var problem);
            throw new InvalidDataException($"'{path}' comes from another export (problem '{problem}', export {exportId}) than {OnnxNames.ManifestFile} (problem '{manifest.Problem}', export {manifest.ExportId}); do not mix files of different exports.");
        }
        if (!intact)
            throw new InvalidDataException($"'{path}' does not match the SHA-256 in {OnnxNames.ManifestFile}: the file is damaged or was modified. Export the model again.");
        if (proto is null) throw new InvalidDataException($"'{path}' is not a readable ONNX model (damaged or truncated).");
        if (format != OnnxMetadata.FormatName)
            throw new InvalidDataException($"'{path}' is an ONNX model but not one exported by NeuralMath (no {OnnxMetadata.Format} metadata).");
        return new ExportedGraph(path, bytes, proto, metadata);
    }

    private static ModelProto? TryParse(byte[] bytes)
    {
        try
        {
            return ModelProto.Parser.ParseFrom(bytes);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }
}
