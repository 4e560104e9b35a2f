using System.Globalization;

namespace NeuralMath.Runtime;

/// <summary>What a device name asks for.</summary>
public enum DeviceKind
{
    /// <summary>A GPU when one is usable, else the CPU.</summary>
    Auto,

    /// <summary>The CPU.</summary>
    Cpu,

    /// <summary>A CUDA GPU.</summary>
    Cuda,
}

/// <summary>
/// A parsed device name, the one grammar every runtime shares (TorchSharp, ONNX Runtime, ML.NET): <c>auto</c>,
/// <c>cpu</c>, <c>cuda</c> (GPU 0) or <c>cuda:N</c>, case-insensitive, surrounding spaces ignored.
/// </summary>
/// <param name="Kind">What is asked for.</param>
/// <param name="Index">The GPU index for <see cref="DeviceKind.Cuda"/>; 0 for plain <c>cuda</c>.</param>
public readonly record struct DeviceName(DeviceKind Kind, int Index = 0)
{
    /// <summary>Parses a device name; an <see cref="ArgumentException"/> says what is accepted.</summary>
    public static DeviceName Parse(string device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return TryParse(device, out var name, out string error) ? name : throw new ArgumentException(error, nameof(device));
    }

    /// <summary>Parses a device name; false with a one-line message when it is not one.</summary>
    public static bool TryParse(string device, out DeviceName name, out string error)
    {
        ArgumentNullException.ThrowIfNull(device);
        const string CudaPrefix = "cuda:";
        string spec = device.Trim();
        error = "";
        name = default;
        if (spec.Equals("auto", StringComparison.OrdinalIgnoreCase)) name = new DeviceName(DeviceKind.Auto);
        else if (spec.Equals("cpu", StringComparison.OrdinalIgnoreCase)) name = new DeviceName(DeviceKind.Cpu);
        else if (spec.Equals("cuda", StringComparison.OrdinalIgnoreCase)) name = new DeviceName(DeviceKind.Cuda);
        else if (spec.StartsWith(CudaPrefix, StringComparison.OrdinalIgnoreCase))
        {
            if (!int.TryParse(spec.AsSpan(CudaPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            {
                error = $"Invalid device '{device}': the GPU index after 'cuda:' must be a non-negative integer, as in cuda:0.";
                return false;
            }
            name = new DeviceName(DeviceKind.Cuda, index);
        }
        else
        {
            error = $"Unknown device '{device}'. Use auto, cpu, cuda or cuda:N (N = 0, 1, ...).";
            return false;
        }
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        DeviceKind.Auto => "auto",
        DeviceKind.Cpu => "cpu",
        _ => string.Create(CultureInfo.InvariantCulture, $"cuda:{Index}"),
    };
}
