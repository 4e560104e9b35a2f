using System.Text.Json.Nodes;
using TorchSharp;

namespace NeuralMath.Runtime;

/// <summary>
/// Seeds torch's random generators: the CPU one and, when CUDA is usable, every GPU's. TorchSharp 0.107's
/// <c>torch.manual_seed</c> seeds the CPU generator only, so without this dropout on a GPU drew from an unseeded
/// generator. Everything in NeuralMath that seeds torch goes through <see cref="Seed(long)"/>.
/// </summary>
public static class TorchRandom
{
    private static readonly Lazy<bool> CudaAvailable = new(torch.cuda.is_available);

    /// <summary>Seeds the CPU generator and, when CUDA is available, the generators of all GPUs, with <paramref name="seed"/>.</summary>
    public static void Seed(long seed) => Seed(seed, CudaAvailable.Value, torch.cuda.manual_seed_all);

    /// <summary>The same with CUDA's availability and seeding passed in (tests act out a GPU with them).</summary>
    internal static void Seed(long seed, bool cudaAvailable, Action<long> seedAllGpus)
    {
        torch.manual_seed(seed);
        if (cudaAvailable) seedAllGpus(seed);
    }

    /// <summary>
    /// What a fixed seed guarantees on <paramref name="device"/>, as recorded with every run: on the CPU the same
    /// machine and thread count repeat a run exactly; on CUDA the seeds are set but kernels (atomic adds in backward
    /// passes, the algorithms cuBLAS and cuDNN pick) may still differ between runs, so nothing is guaranteed.
    /// </summary>
    public static JsonObject Determinism(torch.Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        bool cpu = device.type == DeviceType.CPU;
        return new JsonObject
        {
            ["guaranteed"] = cpu,
            ["scope"] = cpu
                ? "the same losses on the same machine (CPU model, libraries) with the same thread count; another CPU or thread count gives slightly different floating-point sums"
                : "not guaranteed on CUDA: every generator is seeded, but GPU kernels may accumulate in a different order from run to run",
        };
    }
}
