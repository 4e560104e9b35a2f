using NeuralMath.Onnx;
using NeuralMath.Runtime;

namespace NeuralMath.Tests.Runtime;

public class DeviceNameTests
{
    [Theory]
    [InlineData("auto", DeviceKind.Auto, 0)]
    [InlineData(" CPU ", DeviceKind.Cpu, 0)]
    [InlineData("cuda", DeviceKind.Cuda, 0)]
    [InlineData("Cuda:3", DeviceKind.Cuda, 3)]
    public void Names_Parse(string text, DeviceKind kind, int index) => Assert.Equal(new DeviceName(kind, index), DeviceName.Parse(text));

    [Theory]
    [InlineData("gpu", "Unknown device 'gpu'")]
    [InlineData("cuda:-1", "must be a non-negative integer")]
    [InlineData("cuda:x", "must be a non-negative integer")]
    [InlineData("", "Unknown device ''")]
    public void BadNames_SayWhatIsAccepted(string text, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => DeviceName.Parse(text));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OnnxRuntimeOptions_ReadTheSameGrammar()
    {
        Assert.Equal(2, OnnxModelOptions.FromDevice("CUDA:2").GpuDeviceId);
        Assert.True(OnnxModelOptions.FromDevice("auto").FallbackToCpu);
        Assert.Null(OnnxModelOptions.FromDevice("cpu").GpuDeviceId);
        Assert.Throws<ArgumentException>(() => OnnxModelOptions.FromDevice("gpu"));
    }

    [Fact]
    public void AConfigWithABadDevice_IsRefusedNamingTheSetting()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => Configuration.RunConfig.Parse("{}", ["training.device=gpu"]));
        Assert.Contains("training.device", e.Message, StringComparison.Ordinal);
    }
}
