using System.Reflection;
using NeuralMath.Configuration;

namespace NeuralMath.Cli.Commands;

/// <summary>
/// Finds a config: a file path, or the name of a config shipped inside the tool (e.g. <c>quickstart</c>). A value
/// that looks like a path (a directory separator, or ending in .json) must be an existing file: falling back to
/// the built-in config of the same name would silently train something else.
/// </summary>
internal static class ConfigSource
{
    public const string Default = "quickstart";

    public static IEnumerable<string> EmbeddedNames =>
        Assembly.GetExecutingAssembly().GetManifestResourceNames()
            .Where(n => n.StartsWith("configs/", StringComparison.Ordinal))
            .Select(n => Path.GetFileNameWithoutExtension(n));

    public static (RunConfig Config, string Name) Load(string? pathOrName, IEnumerable<string> overrides)
    {
        string value = pathOrName ?? Default;
        if (File.Exists(value)) return (RunConfig.Load(value, overrides), Path.GetFileNameWithoutExtension(value));
        bool looksLikePath = value.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) || value.Contains(Path.AltDirectorySeparatorChar, StringComparison.Ordinal)
            || value.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        if (looksLikePath) throw new FileNotFoundException($"--config: config file '{value}' does not exist.", value);
        string name = value;
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"configs/{name}.json");
        if (stream is null)
            throw new FileNotFoundException($"--config: '{value}' is neither a file nor a built-in config ({string.Join(", ", EmbeddedNames)}).");
        using var reader = new StreamReader(stream);
        return (RunConfig.Parse(reader.ReadToEnd(), overrides, $"built-in config '{name}'"), name);
    }
}
