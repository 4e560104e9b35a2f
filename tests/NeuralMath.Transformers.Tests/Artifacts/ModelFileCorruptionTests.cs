using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using NeuralMath.Artifacts;
using NeuralMath.Configuration;
using NeuralMath.Data;
using NeuralMath.Model;
using NeuralMath.Runtime;
using NeuralMath.Tests.Training;
using static TorchSharp.torch;

namespace NeuralMath.Tests.Artifacts;

/// <summary>A model file damaged anywhere, by one byte, is refused with one readable line; never loaded, never a crash.</summary>
[Collection(TorchRandomCollection.Name)]
public sealed class ModelFileCorruptionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nm-corrupt-").FullName;

    [Fact]
    public void SingleFlippedBytes_ThroughTheRealLoad_AreAllRefused()
    {
        byte[] good = File.ReadAllBytes(SaveTinyModel());
        var failures = new List<string>();
        foreach (int offset in Offsets(good.Length, count: 24, seed: 11))
        {
            string path = WriteFlipped(good, offset);
            try
            {
                using var loaded = ModelArtifact.Load(path, "cpu");
                failures.Add($"offset {offset}: loaded");
            }
            catch (InvalidDataException e)
            {
                if (!IsOneReadableLine(e.Message)) failures.Add($"offset {offset}: message '{e.Message}'");
            }
            catch (Exception e)
            {
                failures.Add($"offset {offset}: {e.GetType().Name}: {e.Message}");
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void SingleFlippedBytes_AnywhereInTheFile_AreAllRefusedByTheCheck()
    {
        string saved = SaveTinyModel();
        Assert.True(ModelArtifact.Verify(saved));
        byte[] good = File.ReadAllBytes(saved);
        var offsets = Offsets(good.Length, count: 400, seed: 7);
        var failures = new List<string>();
        foreach (int offset in offsets)
        {
            string path = WriteFlipped(good, offset);
            var e = Record.Exception(() => ModelArtifact.Verify(path));
            if (e is not InvalidDataException || !IsOneReadableLine(e.Message)) failures.Add($"offset {offset}: {e?.GetType().Name ?? "accepted"}: {e?.Message}");
            File.Delete(path);
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {offsets.Length} damaged copies:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
        Assert.True(offsets.Length >= 200);
    }

    [Fact]
    public void AnEditedManifest_IsRefused()
    {
        string path = SaveTinyModel();
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("manifest.json")!;
            string text;
            using (var reader = new StreamReader(entry.Open())) text = reader.ReadToEnd();
            Assert.Contains("\"mostSignificantFirst\"", text, StringComparison.Ordinal);
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("manifest.json").Open());
            writer.Write(text.Replace("\"mostSignificantFirst\"", "\"leastSignificantFirst\"", StringComparison.Ordinal));
        }
        var e = Assert.Throws<InvalidDataException>(() => ModelArtifact.Load(path, "cpu"));
        Assert.Contains("damaged", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileOfFormat1_WithoutAChecksum_LoadsAndSaysItIsUnchecked()
    {
        string path = SaveTinyModel();
        string legacy = Path.Combine(_dir, "format1.nmm");
        using (var source = ZipFile.OpenRead(path))
        using (var target = ZipFile.Open(legacy, ZipArchiveMode.Create))
        {
            foreach (var entry in source.Entries)
            {
                using var input = entry.Open();
                using var output = target.CreateEntry(entry.FullName).Open();
                if (entry.FullName != "manifest.json") input.CopyTo(output);
                else
                {
                    var manifest = JsonNode.Parse(input)!.AsObject();
                    manifest["formatVersion"] = 1;
                    output.Write(Encoding.UTF8.GetBytes(manifest.ToJsonString()));
                }
            }
        }
        Assert.False(ModelArtifact.Verify(legacy));
        using var loaded = ModelArtifact.Load(legacy, "cpu");
        Assert.False(loaded.ChecksumVerified);
        Assert.Contains("format 1", ModelArtifact.LegacyWarning(legacy), StringComparison.Ordinal);

        // The same file claiming format 2 lacks the checksum that format promises.
        string repacked = Path.Combine(_dir, "repacked.nmm");
        File.Copy(legacy, repacked);
        using (var zip = ZipFile.Open(repacked, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("manifest.json")!;
            JsonObject manifest;
            using (var input = entry.Open()) manifest = JsonNode.Parse(input)!.AsObject();
            entry.Delete();
            manifest["formatVersion"] = 2;
            using var output = zip.CreateEntry("manifest.json").Open();
            output.Write(Encoding.UTF8.GetBytes(manifest.ToJsonString()));
        }
        Assert.Contains("checksum", Assert.Throws<InvalidDataException>(() => ModelArtifact.Verify(repacked)).Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static bool IsOneReadableLine(string message) =>
        message.Length is > 0 and < 600 && !message.Any(c => char.IsControl(c) || c == '\uFFFD');

    /// <summary>Distinct offsets spread over the whole file (first and last byte included), in a seeded order.</summary>
    internal static int[] Offsets(int length, int count, ulong seed)
    {
        var rng = new SeededRandom(seed, 0);
        var offsets = new SortedSet<int> { 0, length - 1 };
        for (int i = 0; offsets.Count < Math.Min(count, length); i++)
            offsets.Add((int)((i * (long)length / count + (long)(rng.NextUInt64() % (ulong)Math.Max(1, length / count))) % length));
        return [.. offsets];
    }

    private string SaveTinyModel()
    {
        var config = TrainerTests.TinyAddition(1);
        TorchRandom.Seed(5);
        using var model = new Seq2SeqModel(config.Model, config.CreateTokenizer(config.CreateProblem()).Vocabulary.Size);
        string path = Path.Combine(_dir, "model.nmm");
        ModelArtifact.Save(path, config, model, []);
        return path;
    }

    private string WriteFlipped(byte[] good, int offset)
    {
        var bytes = (byte[])good.Clone();
        bytes[offset] ^= (byte)(1 << (offset % 8));
        string path = Path.Combine(_dir, $"flipped-{offset}.nmm");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
