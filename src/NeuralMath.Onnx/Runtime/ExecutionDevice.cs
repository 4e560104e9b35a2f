using Microsoft.ML.OnnxRuntime;

namespace NeuralMath.Onnx.Runtime;

/// <summary>
/// Where a model's sessions run, and so where the decoder step keeps its self-attention caches between steps: bound to
/// CUDA device memory when the CUDA provider runs (only the logits come back to the host each step), in the host
/// buffers ONNX Runtime allocates otherwise. The only GPU-specific piece of the decoding path.
/// </summary>
/// <param name="cudaDevice">The CUDA device the sessions run on, or null for the CPU.</param>
/// <param name="bindOnCpu">Bind the caches to host memory on the CPU too (tests run the GPU's code path with it).</param>
internal sealed class ExecutionDevice(int? cudaDevice, bool bindOnCpu = false) : IDisposable
{
    private readonly OrtMemoryInfo? _cudaMemory = cudaDevice is int id
        ? new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, id, OrtMemType.Default)
        : null;

    /// <summary>"CPU" or "CUDA:N".</summary>
    public string Name => cudaDevice is int id ? $"CUDA:{id}" : "CPU";

    /// <summary>The memory the step's caches are bound to, or null to let ONNX Runtime return them in host memory.</summary>
    public OrtMemoryInfo? CacheMemory => _cudaMemory ?? (bindOnCpu ? OrtMemoryInfo.DefaultInstance : null);

    public void Dispose() => _cudaMemory?.Dispose();
}
