using System.Text.Json.Nodes;
using Microsoft.ML.OnnxRuntime;
using NeuralMath.Configuration;

namespace NeuralMath.Onnx.Tests;

/// <summary>What a consumer in another language reads from a file, and where the graphs run.</summary>
[Collection(ExportedModelsCollection.Name)]
public sealed class MetadataAndProviderTests(ExportedModels models)
{
    [Theory]
    [InlineData("encoder.onnx")]
    [InlineData("decoder_step.onnx")]
    [InlineData("greedy.onnx")]
    public void EveryFile_CarriesTheTokenizerAndTheConfig(string file)
    {
        var pair = models.Trained;
        using var session = new InferenceSession(Path.Combine(pair.ExportDirectory, file));
        var meta = session.ModelMetadata.CustomMetadataMap;
        Assert.Equal("addition", meta["neuralmath.problem"]);
        Assert.Equal("10", meta["neuralmath.base"]);
        Assert.Equal("mostSignificantFirst", meta["neuralmath.digit_order"]);
        Assert.Equal(("0", "1", "2"), (meta["neuralmath.pad_id"], meta["neuralmath.sos_id"], meta["neuralmath.eos_id"]));
        Assert.Equal("12", meta["neuralmath.max_positions"]);
        Assert.Equal(pair.Onnx.Tokenizer.Vocabulary.Symbols, JsonNode.Parse(meta["neuralmath.vocabulary"])!.AsArray().Select(n => n!.GetValue<string>()));
        var config = RunConfig.Parse(meta["neuralmath.config"]);
        Assert.Equal(pair.Config.ToJson(), config.ToJson());
        Assert.Equal(17, session.ModelMetadata.GraphName.Length > 0 ? 17 : 0);
    }

    [Fact]
    public void GreedyGraph_HasFixedNamesForApplyOnnxModel()
    {
        using var session = new InferenceSession(Path.Combine(models.Trained.ExportDirectory, "greedy.onnx"));
        Assert.Equal(["input_ids"], session.InputMetadata.Keys);
        Assert.Equal(["output_ids"], session.OutputMetadata.Keys);
        Assert.Equal([-1, -1], session.InputMetadata["input_ids"].Dimensions);
        Assert.Equal(typeof(long), session.InputMetadata["input_ids"].ElementType);
    }

    [Fact]
    public void CudaWhenItCannotBeUsed_FallsBackToCpuWithOneNotice_OrFailsClearly()
    {
        var notices = new List<string>();
        using (var model = OnnxModel.Load(models.Trained.ExportDirectory, new OnnxModelOptions { GpuDeviceId = 0, FallbackToCpu = true, Log = notices.Add }))
        {
            _ = model.DecodeGreedy(ParityTests.Sources(models.Trained, 3));     // the lazily opened third session adds no notice
            if (model.ExecutionProvider == "CPU")
            {
                var notice = Assert.Single(notices);
                Assert.Contains("CUDA device 0", notice, StringComparison.Ordinal);
                Assert.Contains("running on the CPU", notice, StringComparison.Ordinal);
            }
            else
            {
                Assert.Empty(notices);                                          // a machine with a working GPU
            }
            if (model.ExecutionProvider != "CPU") return;
        }
        var e = Assert.Throws<InvalidOperationException>(() => OnnxModel.Load(models.Trained.ExportDirectory, new OnnxModelOptions { GpuDeviceId = 0 }));
        Assert.Contains("cannot use CUDA device 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeviceNames_MapToOptions()
    {
        Assert.Equal(new OnnxModelOptions(), OnnxModelOptions.FromDevice("cpu"));
        Assert.Equal(new OnnxModelOptions { GpuDeviceId = 0, FallbackToCpu = true }, OnnxModelOptions.FromDevice("auto"));
        Assert.Equal(new OnnxModelOptions { GpuDeviceId = 1 }, OnnxModelOptions.FromDevice("cuda:1"));
        Assert.Throws<ArgumentException>(() => OnnxModelOptions.FromDevice("tpu"));
    }
}
