using NeuralMath.Runtime;

namespace NeuralMath.Onnx;

/// <summary>
/// Where and how ONNX Runtime runs an exported model. The GPU settings are named as in ML.NET's
/// <c>ApplyOnnxModel(gpuDeviceId, fallbackToCpu)</c>.
/// </summary>
public sealed record OnnxModelOptions
{
    /// <summary>CUDA device to run on; null (the default) runs on the CPU.</summary>
    public int? GpuDeviceId { get; init; }

    /// <summary>
    /// When <see cref="GpuDeviceId"/> is set but CUDA cannot be used (no GPU, no CUDA 13 libraries), run on the
    /// CPU and report it once through <see cref="Log"/>; otherwise throw.
    /// </summary>
    public bool FallbackToCpu { get; init; }

    /// <summary>ONNX Runtime intra-op threads (0 = its default, one per core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Where the one-line CPU fallback notice goes; standard error when null.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Decode on the CPU through the IO-binding path the CUDA provider uses (tests check that path with it).</summary>
    internal bool BindCachesOnCpu { get; init; }

    /// <summary>
    /// Options for the CLI's device names: <c>cpu</c>; <c>cuda</c> or <c>cuda:N</c> (an error if CUDA cannot be
    /// used); <c>auto</c> (CUDA device 0 when it works, else the CPU with one notice).
    /// </summary>
    public static OnnxModelOptions FromDevice(string device)
    {
        var name = DeviceName.Parse(device);
        return name.Kind switch
        {
            DeviceKind.Cpu => new OnnxModelOptions(),
            DeviceKind.Auto => new OnnxModelOptions { GpuDeviceId = 0, FallbackToCpu = true },
            _ => new OnnxModelOptions { GpuDeviceId = name.Index },
        };
    }

}
