using NeuralMath.Runtime;
using TorchSharp;

namespace NeuralMath.Tests.Runtime;

public class TorchRuntimeTests
{
    [Fact]
    public void EnsureLoaded_Succeeds_AndTorchComputes()
    {
        TorchRuntime.EnsureLoaded();
        TorchRuntime.EnsureLoaded();

        using var ones = torch.ones(2);
        using var sum = ones.sum();
        Assert.Equal(2f, sum.item<float>());
    }

    [Fact]
    public void EnsureLoaded_IsSafeFromManyThreads()
    {
        Parallel.For(0, 8, _ => TorchRuntime.EnsureLoaded());
    }

    [Fact]
    public void Auto_IsCuda_OnlyWhenCudaIsAvailable()
    {
        torch.Device device = TorchRuntime.ResolveDevice("auto");
        Assert.Equal(torch.cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU, device.type);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData(" CPU ")]
    public void Cpu_IsCpu(string name)
    {
        Assert.Equal(DeviceType.CPU, TorchRuntime.ResolveDevice(name).type);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("gpu")]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("cuda:")]
    [InlineData("cuda:x")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:+1")]
    [InlineData("cpu:0")]
    public void UnknownNames_AreArgumentErrors(string name)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => TorchRuntime.ResolveDevice(name));
        Assert.Equal("device", e.ParamName);
    }

    [Theory]
    [InlineData("cuda")]
    [InlineData("CUDA")]
    [InlineData("cuda:0")]
    public void Cuda_WithoutGpu_SaysSo(string name)
    {
        TorchRuntime.EnsureLoaded();
        Assert.SkipWhen(torch.cuda.is_available(), "CUDA is available here.");
        var e = Assert.Throws<InvalidOperationException>(() => TorchRuntime.ResolveDevice(name));
        Assert.StartsWith("CUDA was requested but is not available: ", e.Message, StringComparison.Ordinal);
    }
}
