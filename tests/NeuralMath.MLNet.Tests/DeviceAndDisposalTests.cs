using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using NeuralMath.Artifacts;
using NeuralMath.Training;

namespace NeuralMath.MLNet.Tests;

/// <summary>Where a loaded model decodes is chosen at load, never by the saved model; its native memory is released on Dispose.</summary>
public sealed class DeviceAndDisposalTests(TrainedModelFixture fixture) : IDisposable
{
    private static readonly string[] Inputs = ["3+4", "9+9", "7+x"];
    private readonly string _dir = Directory.CreateTempSubdirectory("nm-mlnet-device-").FullName;

    [Fact]
    public void AModelTrainedOnCuda_LoadsOnAMachineWithoutAGpu()
    {
        // The embedded model's config says cuda, and so do the options an older version saved next to it.
        byte[] nmm = WithTrainingDevice(EmbeddedModel(SaveFixture()), "cuda");
        var payload = JsonNode.Parse(JsonSerializer.Serialize(fixture.Solver.Options, new JsonSerializerOptions { IncludeFields = true }))!.AsObject();
        payload["Device"] = "cuda";
        var ml = new MLContext(seed: 2);
        var loaded = MathSeq2SeqTransformer.FromSaved(ml, payload.ToJsonString(), new Dictionary<string, byte[]> { [MathSeq2SeqTransformer.ModelEntry] = nmm });
        try
        {
            var pipeline = new TransformerChain<ITransformer>(fixture.Tokenizer, loaded);
            Assert.Equal(Rows.Lines(fixture.MLContext, fixture.Model.Transform(Rows.Inputs(fixture.MLContext, Inputs))).Select(Answers),
                Rows.Lines(ml, pipeline.Transform(Rows.Inputs(ml, Inputs))).Select(Answers));

            // ...and through a whole ML.NET zip, in a fresh context.
            string zip = Path.Combine(_dir, "cuda-trained.zip");
            ml.Model.Save(pipeline, fixture.Train.Schema, zip);
            var fresh = new MLContext(seed: 3);
            var reloaded = Assert.IsType<TransformerChain<ITransformer>>(fresh.Model.Load(zip, out _));
            Assert.Equal(3, Rows.Lines(fresh, reloaded.Transform(Rows.Inputs(fresh, Inputs))).Count);
            using var solver = Assert.IsType<MathSeq2SeqTransformer>(reloaded.Last());
            Assert.Equal("cpu", solver.Device);
        }
        finally
        {
            loaded.Dispose();
        }
    }

    [Theory]
    [InlineData(null, "auto")]
    [InlineData("  ", "auto")]
    [InlineData(" cpu ", "cpu")]
    [InlineData("cuda:1", "cuda:1")]
    public void TheLoadDevice_ComesFromTheEnvironment_ElseAuto(string? variable, string expected) =>
        Assert.Equal(expected, InferenceDevice.ForLoadingFrom(name => name == InferenceDevice.EnvironmentVariable ? variable : null));

    [Fact]
    public void OnDevice_GivesAnIndependentTransformer()
    {
        using var moved = fixture.Solver.OnDevice("cpu");
        Assert.Equal("cpu", moved.Device);
        Assert.NotSame(fixture.Solver, moved);
        var ml = fixture.MLContext;
        var tokens = fixture.Tokenizer.Transform(Rows.Inputs(ml, Inputs));
        Assert.Equal(Rows.Lines(ml, fixture.Solver.Transform(tokens)), Rows.Lines(ml, moved.Transform(tokens)));
        var e = Assert.Throws<InvalidOperationException>(() => fixture.Solver.OnDevice("cuda:7"));
        Assert.Contains("cuda:7", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEngineThatOwnsTheModel_DisposesIt_AndLaterUseSaysHowToShare()
    {
        var ml = fixture.MLContext;
        var own = fixture.Solver.OnDevice("cpu");
        var pipeline = new TransformerChain<ITransformer>(fixture.Tokenizer, own);
        using (var shared = ml.Model.CreatePredictionEngine<InputRow, OutputRow>(pipeline, Rows.SharedModel))
            Assert.Equal(3, shared.Predict(new InputRow { Input = "1+2" }).Beams.Length);
        Assert.NotNull(own.Predictor);                                         // a sharing engine left it alone

        using (var owning = ml.Model.CreatePredictionEngine<InputRow, OutputRow>(pipeline))
            owning.Predict(new InputRow { Input = "1+2" });
        var e = Assert.Throws<ObjectDisposedException>(() => own.Predictor);
        Assert.Contains("OwnsTransformer = false", e.Message, StringComparison.Ordinal);
        own.Dispose();                                                         // a second Dispose is harmless
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Answers(string line) => string.Join('\t', line.Split('\t')[..4]);

    private string SaveFixture()
    {
        string zip = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".zip");
        fixture.MLContext.Model.Save(fixture.Model, fixture.Train.Schema, zip);
        return zip;
    }

    /// <summary>The .nmm file inside a model zip (its binary stream: a length, then the bytes).</summary>
    private static byte[] EmbeddedModel(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        var entry = archive.Entries.Single(e => e.FullName.EndsWith(MathSeq2SeqTransformer.ModelEntry, StringComparison.Ordinal));
        using var reader = new BinaryReader(entry.Open());
        return reader.ReadBytes(reader.ReadInt32());
    }

    private byte[] WithTrainingDevice(byte[] nmm, string device)
    {
        string source = Path.Combine(_dir, "source.nmm"), target = Path.Combine(_dir, "target.nmm");
        File.WriteAllBytes(source, nmm);
        using (var artifact = ModelArtifact.Load(source, "cpu"))
        {
            var config = artifact.Config;
            config.Training.Device = device;
            ModelArtifact.Save(target, config, artifact.Model, artifact.Metadata);
        }
        return File.ReadAllBytes(target);
    }
}
