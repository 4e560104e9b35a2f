using System.Reflection;

namespace NeuralMath.Diagnostics;

/// <summary>
/// What a NeuralMath assembly says about its own build. The .NET SDK writes the informational version as
/// "VERSION+COMMIT" when it builds a git checkout; every package, model file and results.json reads it here.
/// </summary>
/// <param name="Version">The package version ("0.1.0"), "0.0.0" when the assembly carries none.</param>
/// <param name="SourceCommit">The git commit the build came from; null for a build from a source copy without git.
/// Uncommitted changes are not marked.</param>
public readonly record struct BuildVersion(string Version, string? SourceCommit)
{
    /// <summary>The build version of <paramref name="assembly"/>.</summary>
    public static BuildVersion Of(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return Parse(assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);
    }

    /// <summary>Splits an informational version ("0.1.0+3f2a…") into version and commit.</summary>
    internal static BuildVersion Parse(string? informational)
    {
        if (string.IsNullOrWhiteSpace(informational)) return new("0.0.0", null);
        int plus = informational.IndexOf('+', StringComparison.Ordinal);
        if (plus < 0) return new(informational, null);
        string commit = informational[(plus + 1)..];
        return new(plus == 0 ? "0.0.0" : informational[..plus], commit.Length == 0 ? null : commit);
    }
}
