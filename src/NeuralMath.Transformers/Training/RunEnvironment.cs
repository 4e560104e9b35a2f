using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using NeuralMath.Artifacts;
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
        ["commit"] = SourceCommit(),
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

    /// <summary>
    /// The git commit this build was made from, which the .NET SDK appends to the informational version
    /// ("0.1.0+&lt;sha&gt;") when it builds a git checkout; null for a build from a source copy without git. Uncommitted
    /// changes are not marked.
    /// </summary>
    public static string? SourceCommit()
    {
        string? version = typeof(RunEnvironment).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        int plus = version?.IndexOf('+', StringComparison.Ordinal) ?? -1;
        return plus < 0 ? null : version![(plus + 1)..];
    }

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
