using System.Runtime.InteropServices;
using TorchSharp;

namespace NeuralMath.Runtime;

/// <summary>
/// Loads TorchSharp's native backend with an actionable error when it cannot, and turns device names
/// from the command line or a config file into <see cref="torch.Device"/> values.
/// </summary>
internal static class TorchRuntime
{
    private const string GlibcxxAdvice =
        "libLibTorchSharp.so needs GLIBCXX_3.4.32, which this machine's libstdc++ lacks. "
        + "Build through NeuralMath's MSBuild targets (they patch the output copy), or install a libstdc++ from GCC 13+.";

    private static readonly Lock Gate = new();
    private static volatile bool s_loaded;
    private static LoadFailure? s_failure;

    /// <summary>
    /// Makes sure TorchSharp's native libraries are loaded. The first call does the work (thread-safe);
    /// later calls return at once, or throw the same diagnosis again if loading failed.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The native backend cannot be loaded. The message gives the dynamic loader's own reason (for
    /// example a missing GLIBCXX version) instead of TorchSharp's misleading "doesn't contain a reference
    /// to libtorch-cpu-linux-x64", and says what to do about it.
    /// </exception>
    public static void EnsureLoaded()
    {
        if (s_loaded)
        {
            return;
        }

        lock (Gate)
        {
            if (!s_loaded && s_failure is null)
            {
                s_failure = Load();
                s_loaded = s_failure is null;
            }

            if (s_failure is not null)
            {
                throw new InvalidOperationException(s_failure.Message, s_failure.Cause);
            }
        }
    }

    /// <summary>
    /// Resolves a device name: <c>auto</c> (CUDA when available, else CPU), <c>cpu</c>, <c>cuda</c>, or
    /// <c>cuda:N</c> for the N-th GPU. Names are case-insensitive. Loads the native backend if needed.
    /// </summary>
    /// <param name="device">The device name.</param>
    /// <returns>The torch device.</returns>
    /// <exception cref="ArgumentException"><paramref name="device"/> is not one of the accepted names.</exception>
    /// <exception cref="InvalidOperationException">
    /// CUDA was requested but is not available (or the GPU index is out of range), or the native backend
    /// cannot be loaded (see <see cref="EnsureLoaded"/>).
    /// </exception>
    public static torch.Device ResolveDevice(string device)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(device);
        var name = DeviceName.Parse(device);
        EnsureLoaded();
        switch (name.Kind)
        {
            case DeviceKind.Auto:
                return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
            case DeviceKind.Cpu:
                return torch.CPU;
            default:
                RequireCuda(device.Trim());
                int count = torch.cuda.device_count();
                if (name.Index >= count)
                {
                    throw new InvalidOperationException(
                        $"CUDA device {name.Index} was requested but only {count} CUDA device(s) are available (cuda:0 to cuda:{count - 1}).");
                }
                return torch.device(DeviceType.CUDA, name.Index);
        }
    }

    private static void RequireCuda(string spec)
    {
        if (!torch.cuda.is_available())
        {
            throw new InvalidOperationException(
                $"CUDA was requested but is not available: torch.cuda.is_available() is false for '{spec}'. "
                + "Either this machine has no usable NVIDIA GPU and driver, or the app was built with the CPU-only libtorch "
                + "(build with -p:TorchBackend=cuda-linux or -p:TorchBackend=cuda-windows for GPU support). Use 'cpu' or 'auto' instead.");
        }
    }

    private static LoadFailure? Load()
    {
        // Probe the wrapper first on Linux: when TorchSharp itself fails to load it, its fallback copies
        // hundreds of MB of natives into a cpu/ folder before giving up with a misleading message.
        string? wrapper = FindWrapper();
        if (wrapper is not null && OperatingSystem.IsLinux())
        {
            string? error = TryLoadNative(wrapper);
            if (error is not null)
            {
                return new LoadFailure(Explain(wrapper, error, torchTried: false), null);
            }
        }

        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            _ = torch.get_num_threads();
            return null;
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException
                                      or EntryPointNotFoundException or BadImageFormatException)
        {
            string? error = wrapper is null ? null : TryLoadNative(wrapper);
            return new LoadFailure(Explain(wrapper, error ?? FirstLine(Innermost(e).Message), torchTried: true), e);
        }
    }

    private static string Explain(string? wrapper, string error, bool torchTried)
    {
        string reason = string.Join(' ', error.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var text = new System.Text.StringBuilder("TorchSharp's native backend could not be loaded");
        text.Append(wrapper is null ? string.Empty : $" ({wrapper})").Append(": ").Append(reason);
        if (!reason.EndsWith('.'))
        {
            text.Append('.');
        }

        if (reason.Contains("GLIBCXX", StringComparison.Ordinal))
        {
            text.Append(' ').Append(GlibcxxAdvice);
        }
        else if (wrapper is null)
        {
            text.Append(" The native wrapper ").Append(WrapperFileName).Append(" was not found next to TorchSharp.dll or under runtimes/*/native; ")
                .Append("make sure the app references a libtorch backend package (NeuralMath apps and tests get one through Directory.Build.targets).");
        }

        string cpuFolder = Path.Combine(TorchSharpDirectory(), "cpu");
        text.Append(torchTried ? " After a failed load" : " When a load fails inside TorchSharp")
            .Append(", TorchSharp may copy about 600 MB of native libraries into ").Append(cpuFolder)
            .Append(Directory.Exists(cpuFolder) ? " (it exists now)" : string.Empty)
            .Append("; that folder is safe to delete.");
        return text.ToString();
    }

    private static string WrapperFileName =>
        OperatingSystem.IsWindows() ? "LibTorchSharp.dll" : OperatingSystem.IsMacOS() ? "libLibTorchSharp.dylib" : "libLibTorchSharp.so";

    private static string TorchSharpDirectory()
    {
        string location = typeof(torch).Assembly.Location;
        return string.IsNullOrEmpty(location) ? AppContext.BaseDirectory : Path.GetDirectoryName(location) ?? AppContext.BaseDirectory;
    }

    /// <summary>Where the runtime would find the wrapper: next to the app or TorchSharp.dll, or under runtimes/RID/native.</summary>
    private static string? FindWrapper()
    {
        var roots = new List<string> { AppContext.BaseDirectory };
        string torchDir = TorchSharpDirectory();
        if (!roots.Contains(torchDir))
        {
            roots.Add(torchDir);
        }

        foreach (string root in roots)
        {
            string direct = Path.Combine(root, WrapperFileName);
            if (File.Exists(direct))
            {
                return direct;
            }

            string preferred = Path.Combine(root, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", WrapperFileName);
            if (File.Exists(preferred))
            {
                return preferred;
            }

            string runtimes = Path.Combine(root, "runtimes");
            if (Directory.Exists(runtimes))
            {
                foreach (string rid in Directory.EnumerateDirectories(runtimes))
                {
                    string candidate = Path.Combine(rid, "native", WrapperFileName);
                    if (File.Exists(candidate))
                    {
                        return candidate;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>Loads the library (and, through its RUNPATH, libtorch); returns the loader's error text, or null on success.</summary>
    private static string? TryLoadNative(string path)
    {
        try
        {
            // The handle stays loaded on purpose: TorchSharp loads the same file next.
            _ = NativeLibrary.Load(path);
            return null;
        }
        catch (DllNotFoundException e)
        {
            return e.Message;
        }
        catch (BadImageFormatException e)
        {
            return e.Message;
        }
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }

    private static string FirstLine(string message)
    {
        int end = message.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }

    private sealed record LoadFailure(string Message, Exception? Cause);
}
