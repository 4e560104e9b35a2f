using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Google.Protobuf;
using NeuralMath.Onnx.Proto;

namespace NeuralMath.Onnx.Tests;

/// <summary>
/// Every file of an export folder damaged by one byte, anywhere, is refused at load with one readable line (never
/// loaded, never a crash), and a graph swapped in with an updated hash is refused when its inputs or outputs differ.
/// </summary>
[Collection(ExportedModelsCollection.Name)]
public sealed class ExportCorruptionTests(ExportedModels models) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nm-onnx-flip-").FullName;

    [Theory]
    [InlineData("encoder.onnx", 70)]
    [InlineData("decoder_step.onnx", 70)]
    [InlineData("greedy.onnx", 70)]
    [InlineData("manifest.json", 90)]
    public void SingleFlippedBytes_InAnyFile_AreAllRefusedAtLoad(string file, int count)
    {
        Copy(models.Trained.ExportDirectory);
        string path = Path.Combine(_dir, file);
        byte[] good = File.ReadAllBytes(path);
        var offsets = Offsets(good.Length, count, seed: (ulong)file.Length);
        var failures = new List<string>();
        foreach (int offset in offsets)
        {
            var bytes = (byte[])good.Clone();
            bytes[offset] ^= (byte)(1 << (offset % 8));
            File.WriteAllBytes(path, bytes);
            try
            {
                using var loaded = OnnxModel.Load(_dir);
                failures.Add($"offset {offset}: loaded");
            }
            catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
            {
                if (!IsOneReadableLine(e.Message)) failures.Add($"offset {offset}: message '{e.Message}'");
            }
            catch (Exception e)
            {
                failures.Add($"offset {offset}: {e.GetType().Name}: {e.Message}");
            }
        }
        File.WriteAllBytes(path, good);
        using (OnnxModel.Load(_dir))
        {
            // the restored folder loads: the failures above came from the flipped byte
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {offsets.Length} damaged copies of {file}:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
        Assert.Equal(count, offsets.Length);
    }

    [Theory]
    [InlineData("encoder.onnx")]
    [InlineData("decoder_step.onnx")]
    [InlineData("greedy.onnx")]
    public void AGraphWithOtherInputNames_AndAnUpdatedHash_IsRefusedAtLoad(string file)
    {
        Copy(models.Trained.ExportDirectory);
        string path = Path.Combine(_dir, file);
        var proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        var input = proto.Graph.Input[0];
        string renamed = input.Name + "_renamed";
        foreach (var node in proto.Graph.Node)
            for (int i = 0; i < node.Input.Count; i++)
                if (node.Input[i] == input.Name) node.Input[i] = renamed;
        string original = input.Name;
        input.Name = renamed;
        Rewrite(path, proto.ToByteArray());

        var e = Assert.Throws<InvalidDataException>(() => OnnxModel.Load(_dir));
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.Contains($"'{original}' is missing", e.Message, StringComparison.Ordinal);
        Assert.True(IsOneReadableLine(e.Message), e.Message);
    }

    [Fact]
    public void AGraphWithAnotherElementType_AndAnUpdatedHash_IsRefusedAtLoad()
    {
        Copy(models.Trained.ExportDirectory);
        string path = Path.Combine(_dir, "greedy.onnx");
        var proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        proto.Graph.Output[0].Type.TensorType.ElemType = (int)TensorProto.Types.DataType.Int32;
        Rewrite(path, proto.ToByteArray());

        var e = Assert.Throws<InvalidDataException>(() => OnnxModel.Load(_dir));
        Assert.Contains("output 'output_ids' holds int32, not int64", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static bool IsOneReadableLine(string message) =>
        message.Length is > 0 and < 700 && !message.Any(c => char.IsControl(c) || c == '\uFFFD');

    /// <summary>Distinct offsets spread over the whole file (first and last byte included), seeded.</summary>
    internal static int[] Offsets(int length, int count, ulong seed)
    {
        var random = new Random((int)seed);
        var offsets = new SortedSet<int> { 0, length - 1 };
        while (offsets.Count < Math.Min(count, length))
            offsets.Add((int)((offsets.Count * (long)length / count + random.Next(Math.Max(1, length / count))) % length));
        return [.. offsets];
    }

    /// <summary>Replaces a graph and updates its hash, as a careless hand edit of the folder would.</summary>
    private void Rewrite(string path, byte[] bytes)
    {
        File.WriteAllBytes(path, bytes);
        string manifestPath = Path.Combine(_dir, "manifest.json");
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        manifest["files"]![Path.GetFileName(path)]!["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes));
        File.WriteAllText(manifestPath, manifest.ToJsonString());
    }

    private void Copy(string from)
    {
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(_dir, Path.GetFileName(f)), overwrite: true);
    }
}
