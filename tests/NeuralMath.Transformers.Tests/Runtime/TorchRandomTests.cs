using NeuralMath.Runtime;
using NeuralMath.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralMath.Tests.Runtime;

/// <summary>One seeding path for every torch generator, and an honest record of what a seed guarantees.</summary>
[Collection(TorchRandomCollection.Name)]
public sealed class TorchRandomTests
{
    [Fact]
    public void Seed_SeedsTheCpuGenerator_AndEveryGpu_WhenCudaIsAvailable()
    {
        var gpuSeeds = new List<long>();
        TorchRandom.Seed(42, cudaAvailable: true, gpuSeeds.Add);
        long first = Draw();
        TorchRandom.Seed(42, cudaAvailable: true, gpuSeeds.Add);
        Assert.Equal(first, Draw());
        Assert.Equal([42L, 42L], gpuSeeds);
    }

    [Fact]
    public void Seed_LeavesCudaAlone_WhenThereIsNone()
    {
        TorchRandom.Seed(7, cudaAvailable: false, _ => Assert.Fail("CUDA was seeded on a machine without it."));
        TorchRandom.Seed(7);                                                   // the real path on this machine
    }

    [Fact]
    public void TheRunEnvironment_SaysWhetherTheDeviceIsDeterministic()
    {
        var cpu = RunEnvironment.Describe(CPU)["determinism"]!;
        Assert.True((bool)cpu["guaranteed"]!);
        Assert.Contains("thread count", (string)cpu["scope"]!, StringComparison.Ordinal);
        var gpu = TorchRandom.Determinism(new Device(DeviceType.CUDA, 0));
        Assert.False((bool)gpu["guaranteed"]!);
        Assert.Contains("not guaranteed", (string)gpu["scope"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void NothingSeedsTorchAroundTorchRandom()
    {
        // torch.manual_seed alone leaves the GPUs unseeded in TorchSharp 0.107; TorchRandom.Seed is the one way in.
        string helper = Path.Combine("src", "NeuralMath.Transformers", "Runtime", "TorchRandom.cs");
        var offenders = new[] { "src", "tests", "samples", "tools" }
            .SelectMany(folder => Repository.Files(folder, ".cs"))
            .Where(f => Path.GetRelativePath(Repository.Root, f) != helper && !f.EndsWith(nameof(TorchRandomTests) + ".cs", StringComparison.Ordinal))
            .Where(f => File.ReadLines(f).Any(line => line.Contains("manual_seed(", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(Repository.Root, f))
            .ToList();
        Assert.True(offenders.Count == 0, "These call torch's manual_seed directly: " + string.Join(", ", offenders));
    }

    private static long Draw()
    {
        using var t = randint(long.MaxValue, [1], dtype: ScalarType.Int64);
        return t.item<long>();
    }
}
