namespace NeuralMath.Onnx.Tests;

/// <summary>A broken or mixed-up export folder fails at load with a message naming the file and the reason.</summary>
[Collection(ExportedModelsCollection.Name)]
public sealed class LoadErrorTests(ExportedModels models) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nm-onnx-bad-").FullName;

    [Fact]
    public void ATruncatedFile_IsReportedAsDamaged()
    {
        Copy(models.Trained.ExportDirectory);
        var path = Path.Combine(_dir, "encoder.onnx");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);
        var e = Assert.Throws<InvalidDataException>(() => OnnxModel.Load(_dir));
        Assert.Contains("encoder.onnx", e.Message, StringComparison.Ordinal);
        Assert.Contains("damaged", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFlippedWeightByte_IsCaughtByTheChecksum()
    {
        Copy(models.Trained.ExportDirectory);
        var path = Path.Combine(_dir, "decoder_step.onnx");
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40;                                  // inside the weights: still parses
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => OnnxModel.Load(_dir));
        Assert.Contains("decoder_step.onnx", e.Message, StringComparison.Ordinal);
        Assert.Contains("SHA-256", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileFromAnotherProblem_IsNamed()
    {
        Copy(models.Trained.ExportDirectory);
        File.Copy(Path.Combine(models.ForeignExport, "decoder_step.onnx"), Path.Combine(_dir, "decoder_step.onnx"), overwrite: true);
        var e = Assert.Throws<InvalidDataException>(() => OnnxModel.Load(_dir));
        Assert.Contains("decoder_step.onnx", e.Message, StringComparison.Ordinal);
        Assert.Contains("problem 'factorization'", e.Message, StringComparison.Ordinal);
        Assert.Contains("problem 'addition'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderWithoutManifest_OrNotAnExport_SaysSo()
    {
        var e = Assert.Throws<FileNotFoundException>(() => OnnxModel.Load(_dir));
        Assert.Contains("neuralmath export", e.Message, StringComparison.Ordinal);
        Assert.Throws<DirectoryNotFoundException>(() => OnnxModel.Load(Path.Combine(_dir, "missing")));
    }

    [Fact]
    public void AnExportOfAnOlderFormat_AsksToExportAgain()
    {
        Copy(models.Trained.ExportDirectory);
        var path = Path.Combine(_dir, "manifest.json");
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        manifest["formatVersion"] = 1;                                      // format 1's decoder step had no past_rows
        File.WriteAllText(path, manifest.ToJsonString());
        var e = Assert.Throws<InvalidDataException>(() => OnnxModel.Load(_dir));
        Assert.Contains("format 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("Export the model again", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingGraph_IsNamed()
    {
        Copy(models.Trained.ExportDirectory);
        File.Delete(Path.Combine(_dir, "encoder.onnx"));
        var e = Assert.Throws<FileNotFoundException>(() => OnnxModel.Load(_dir));
        Assert.Contains("encoder.onnx is missing", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Copy(string from)
    {
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(_dir, Path.GetFileName(f)), overwrite: true);
    }
}
