using NeuralMath.Artifacts;
using NeuralMath.Configuration;
using NeuralMath.Model;
using NeuralMath.Runtime;
using NeuralMath.Tests.Training;

namespace NeuralMath.Tests.Artifacts;

/// <summary>
/// A model file saved to and loaded from streams is the same file as on disk: same checks (checksum included), same
/// weights, and the two forms read each other. What the ML.NET model zip relies on to hold a model without temporary files.
/// </summary>
[Collection(TorchRandomCollection.Name)]
public sealed class ModelStreamTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nm-stream-").FullName;

    [Fact]
    public void SavedToAStream_LoadsFromAStream_AndFromAFile_WithTheSameWeights()
    {
        var config = TrainerTests.TinyAddition(1);
        using var model = TinyModel(config);
        using var saved = new MemoryStream();
        saved.Write("not part of the model"u8);           // the file starts at the stream's position
        long start = saved.Position;
        ModelArtifact.Save(saved, config, model, new() { ["step"] = 7 });
        byte[] file = saved.ToArray()[(int)start..];

        using (var fromStream = ModelArtifact.Load(new ForwardOnlyStream(file), "cpu", "test bytes"))
        {
            Assert.True(fromStream.ChecksumVerified);
            Assert.Equal(7, (int)fromStream.Metadata["step"]!);
            Assert.Equal(Weights(model), Weights(fromStream.Model));
        }
        string path = Path.Combine(_dir, "from-stream.nmm");
        File.WriteAllBytes(path, file);
        Assert.True(ModelArtifact.Verify(path));
        using var fromFile = ModelArtifact.Load(path, "cpu");
        Assert.Equal(Weights(model), Weights(fromFile.Model));

        // And back: a loaded model saves to a stream that loads again.
        using var again = new MemoryStream();
        fromFile.Save(again);
        again.Position = 0;
        using var reloaded = ModelArtifact.Load(again, "cpu");
        Assert.Equal(Weights(model), Weights(reloaded.Model));
    }

    [Fact]
    public void ADamagedStream_IsRefusedInOneLine_NamingWhatTheCallerCalledIt()
    {
        var config = TrainerTests.TinyAddition(1);
        using var model = TinyModel(config);
        string path = Path.Combine(_dir, "model.nmm");
        ModelArtifact.Save(path, config, model, []);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x10;
        var e = Assert.Throws<InvalidDataException>(() => ModelArtifact.Load(new MemoryStream(bytes), "cpu", "NeuralMathModel.nmm"));
        Assert.StartsWith("'NeuralMathModel.nmm' is damaged", e.Message, StringComparison.Ordinal);
        Assert.True(ModelFileCorruptionTests.IsOneReadableLine(e.Message));
        Assert.Contains("not a readable NeuralMath model file",
            Assert.Throws<InvalidDataException>(() => ModelArtifact.Load(new MemoryStream([1, 2, 3]), "cpu")).Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Seq2SeqModel TinyModel(RunConfig config)
    {
        TorchRandom.Seed(5);
        return new Seq2SeqModel(config.Model, config.CreateTokenizer(config.CreateProblem()).Vocabulary.Size);
    }

    private static float[] Weights(Seq2SeqModel model) => [.. model.parameters().SelectMany(p => p.cpu().data<float>().ToArray())];

    /// <summary>A stream that can only be read forward, as a zip entry or a network stream.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
