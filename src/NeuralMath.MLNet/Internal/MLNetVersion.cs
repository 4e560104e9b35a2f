using System.Reflection;
using Microsoft.ML.Runtime;

namespace NeuralMath.Internal;

/// <summary>
/// Refuses a Microsoft.ML other than the one this assembly was compiled against, with a message that names both.
/// Every ML.NET assembly has the assembly version 1.0.0.0, so the runtime loads any Microsoft.ML without complaint,
/// and the internals used in this folder (README.md) would fail later as a MissingMethodException or
/// MissingFieldException deep inside ML.NET. Checked by <c>mlContext.NeuralMath()</c> and by the model-zip loaders.
/// Only reflection on public attributes here, so the check itself cannot fail that way.
/// </summary>
internal static class MLNetVersion
{
    /// <summary>The Microsoft.ML version compiled against: Directory.Packages.props' pin, written into an assembly attribute.</summary>
    public static string Expected { get; } =
        typeof(MLNetVersion).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NeuralMath.MicrosoftMLVersion").Value!.Trim('[', ']', ' ');

    /// <summary>The version of the Microsoft.ML.Core assembly this process loaded.</summary>
    public static string Loaded { get; } = VersionOf(typeof(IHostEnvironment).Assembly);

    /// <summary>Throws unless the loaded Microsoft.ML is the expected one.</summary>
    /// <exception cref="InvalidOperationException">Another Microsoft.ML version is loaded.</exception>
    public static void EnsureSupported()
    {
        var mismatch = Check(Expected, Loaded, typeof(IHostEnvironment).Assembly.Location);
        if (mismatch is not null) throw mismatch;
    }

    /// <summary>The exception for a mismatch, or null when <paramref name="loaded"/> is <paramref name="expected"/>.</summary>
    internal static InvalidOperationException? Check(string expected, string loaded, string? location) =>
        string.Equals(expected, loaded, StringComparison.Ordinal)
            ? null
            : new InvalidOperationException(
                $"NeuralMath.MLNet {ModelStorage.LibraryVersion} works with Microsoft.ML {expected} only, but this app loaded Microsoft.ML.Core {loaded}" +
                (string.IsNullOrEmpty(location) ? "" : $" ({location})") +
                $". NeuralMath.MLNet saves and loads model zips through ML.NET internals, which another version may have changed. " +
                $"Reference Microsoft.ML {expected} (the NeuralMath.MLNet package depends on exactly [{expected}]; remove whatever overrides it), " +
                $"or use a NeuralMath.MLNet built for Microsoft.ML {loaded}.");

    /// <summary>An assembly's informational version without the commit (5.0.1+a4f7… gives 5.0.1), else its file version.</summary>
    internal static string VersionOf(Assembly assembly)
    {
        string? informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (!string.IsNullOrEmpty(informational)) return informational.Split('+')[0];
        return assembly.GetCustomAttribute<AssemblyFileVersionAttribute>()?.Version ?? assembly.GetName().Version?.ToString() ?? "unknown";
    }
}
