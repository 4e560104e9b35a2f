using Microsoft.ML;
using Microsoft.ML.Data;
using NeuralMath.Diagnostics;

namespace NeuralMath.Internal;

/// <summary>
/// Writes and reads our transformers' state inside an ML.NET model zip: a version header, a JSON payload
/// (options) and named binary entries (trained weights). The only code that touches ModelSaveContext and
/// ModelLoadContext members, which ML.NET 5.0.1 keeps internal (Internal/README.md).
/// </summary>
internal static class ModelStorage
{
    private const string Library = "NeuralMath.MLNet";

    /// <summary>Overrides the written format version on this thread (tests simulate a newer writer with it).</summary>
    [ThreadStatic]
    internal static uint? WriteVersionOverride;

    /// <summary>This library's version, written next to every component.</summary>
    public static string LibraryVersion { get; } = BuildVersion.Of(typeof(ModelStorage).Assembly).Version;

    /// <summary>Saves a component: header, payload, then each binary entry, written by its callback straight into the zip.</summary>
    public static void Save(ModelSaveContext ctx, ComponentFormat format, string payload, IReadOnlyDictionary<string, Action<Stream>> entries)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.CheckAtModel();
        ctx.SetVersionInfo(VersionOf(format, WriteVersionOverride ?? format.Version));
        ctx.Writer.Write(Library);
        ctx.Writer.Write(LibraryVersion);
        ctx.Writer.Write(payload);
        ctx.Writer.Write(entries.Count);
        foreach (var (name, write) in entries)
        {
            ctx.Writer.Write(name);
            // Length-prefixed (the format since 0.1.0), so the bytes are gathered first.
            using var bytes = new MemoryStream();
            write(bytes);
            ctx.SaveBinaryStream(name, w =>
            {
                w.Write(checked((int)bytes.Length));
                w.Write(bytes.GetBuffer(), 0, (int)bytes.Length);
            });
        }
    }

    /// <summary>
    /// Loads a component saved by <see cref="Save"/>, and the format version it was written in; a newer or damaged
    /// component gives an <see cref="InvalidOperationException"/> that says which.
    /// </summary>
    public static (string Payload, Dictionary<string, byte[]> Entries, uint Version) Load(ModelLoadContext ctx, ComponentFormat format)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        // Checked before ML.NET's own check, whose message blames the ML.NET version rather than ours.
        if (ctx.Header.ModelVerReadable > format.Version)
            throw new InvalidOperationException(
                $"This model zip holds a {format.Description} in format 0x{ctx.Header.ModelVerWritten:X8}, written by a newer NeuralMath.MLNet; " +
                $"this build ({LibraryVersion}) reads format 0x{format.Version:X8} and older. Upgrade NeuralMath.MLNet to load it.");
        ctx.CheckAtModel(VersionOf(format, format.Version));
        try
        {
            string library = ctx.Reader.ReadString();
            if (library != Library) throw new InvalidDataException($"expected a {Library} component, found '{library}'");
            _ = ctx.Reader.ReadString(); // writer's library version: informational
            string payload = ctx.Reader.ReadString();
            int count = ctx.Reader.ReadInt32();
            var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            for (int i = 0; i < count; i++)
            {
                string name = ctx.Reader.ReadString();
                byte[]? bytes = null;
                if (!ctx.TryLoadBinaryStream(name, r => bytes = ReadBlob(r)))
                    throw new InvalidDataException($"the entry '{name}' is missing");
                entries[name] = bytes!;
            }
            return (payload, entries, ctx.Header.ModelVerWritten);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException or ArgumentException)
        {
            throw Damaged(format, e);
        }
    }

    /// <summary>The error for a component whose bytes cannot be read.</summary>
    public static InvalidOperationException Damaged(ComponentFormat format, Exception inner) =>
        new($"The {format.Description} in this model zip is damaged and cannot be loaded: {inner.Message}", inner);

    private static byte[] ReadBlob(BinaryReader reader)
    {
        int length = reader.ReadInt32();
        if (length < 0 || length > reader.BaseStream.Length - reader.BaseStream.Position)
            throw new InvalidDataException($"an entry claims {length} bytes but holds {reader.BaseStream.Length - reader.BaseStream.Position}");
        return reader.ReadBytes(length);
    }

    private static VersionInfo VersionOf(ComponentFormat format, uint version) => new(
        modelSignature: format.ModelSignature,
        verWrittenCur: version,
        verReadableCur: version,
        verWeCanReadBack: 0x00010001,
        loaderAssemblyName: typeof(ModelStorage).Assembly.FullName,
        loaderSignature: format.LoaderSignature);
}
