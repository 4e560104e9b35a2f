using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using NeuralMath.Artifacts;
using NeuralMath.Diagnostics;
using NeuralMath.Distributed;
using NeuralMath.Runtime;
using static TorchSharp.torch;

namespace NeuralMath.Training;

/// <summary>Where and with what a run happened: recorded next to every result.</summary>
internal static class RunEnvironment
{
    /// <summary>Machine, software versions and thread settings as JSON.</summary>
    public static JsonObject Describe(Device device) => new()
    {
        ["neuralMath"] = ModelArtifact.LibraryVersion,
        ["commit"] = BuildVersion.Of(typeof(RunEnvironment).Assembly).SourceCommit,
        ["torchSharp"] = typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString(),
        ["libtorch"] = __version__,
        ["dotnet"] = RuntimeInformation.FrameworkDescription,
        ["os"] = RuntimeInformation.OSDescription,
        ["cpu"] = CpuName(),
        ["cores"] = Environment.ProcessorCount,
        ["torchThreads"] = get_num_threads(),
        ["ranks"] = Communicator.World.Size,
        ["hosts"] = Communicator.World.HostCount,
        ["mpi"] = Communicator.World.Library,
        ["device"] = device.ToString(),
        ["cuda"] = cuda.is_available(),
        ["determinism"] = TorchRandom.Determinism(device),
    };

    private static string CpuName()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
                foreach (var line in File.ReadLines("/proc/cpuinfo"))
                    if (line.StartsWith("model name", StringComparison.Ordinal)) return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
        }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
