using System.Globalization;
using NeuralMath.Diagnostics;
using NeuralMath.Problems;

namespace NeuralMath.Cli.Consumption;

/// <summary>
/// Writes the code that consumes a build's model, as Model Builder does: <c>consume/mlnet</c> (the ML.NET zip through a
/// PredictionEngine) and <c>consume/onnx</c> (the ONNX export through ONNX Runtime), each a console app that
/// <c>dotnet run -- INPUT</c> builds and runs from its folder. They reference NeuralMath's packages, which are not on
/// nuget.org yet: <c>consume/NuGet.config</c> names a folder feed made with <c>dotnet pack</c>, and
/// <c>consume/README.md</c> says how to fill it.
/// </summary>
/// <remarks>The files are the templates in Consumption/Templates (embedded in the tool), with their {{placeholders}} filled in.</remarks>
internal static class ConsumptionProjects
{
    public const string Folder = "consume";
    private const string Prefix = "consume/";

    /// <summary>The NeuralMath packages' version these projects reference: the tool's own (the packages are built alongside it).</summary>
    public static string PackageVersion { get; } = BuildVersion.Of(typeof(ConsumptionProjects).Assembly).Version;

    /// <summary>Writes the projects under <paramref name="buildDirectory"/>/consume; returns the files written.</summary>
    /// <param name="buildDirectory">The build folder (holding model.zip and onnx/).</param>
    /// <param name="problem">The build's problem, for the example input and the comments.</param>
    /// <param name="max">The problem's range.</param>
    /// <param name="feed">The folder feed that holds (or will hold) the NeuralMath packages.</param>
    public static IReadOnlyList<string> Write(string buildDirectory, MathProblem problem, long max, string feed)
    {
        string root = Path.Combine(buildDirectory, Folder);
        // No absolute path goes into the files: the build folder may move (with its feed), or sit inside a repository.
        string feedPath = Path.GetFullPath(feed);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Problem"] = problem.Name,
            ["Max"] = max.ToString(CultureInfo.InvariantCulture),
            ["Example"] = problem.FormatInput(problem.ExampleInput(max)),
            ["PackageVersion"] = PackageVersion,
            // Relative, so that the build folder and the feed can move together; NuGet reads it relative to NuGet.config.
            ["Feed"] = Path.GetRelativePath(Path.GetFullPath(root), feedPath).Replace('\\', '/'),
        };
        var written = new List<string>();
        foreach (var (name, template) in Templates())
        {
            string path = Path.Combine(root, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, Fill(template, values));
            written.Add(path);
        }
        return written;
    }

    /// <summary>Every template, by its path under consume/.</summary>
    public static IEnumerable<(string Name, string Text)> Templates()
    {
        var assembly = typeof(ConsumptionProjects).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            yield return (resource[Prefix.Length..], reader.ReadToEnd());
        }
    }

    private static string Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        string text = template;
        foreach (var (key, value) in values) text = text.Replace("{{" + key + "}}", value, StringComparison.Ordinal);
        if (text.Contains("{{", StringComparison.Ordinal)) throw new InvalidOperationException("A consumption template has a placeholder with no value.");
        return text;
    }
}
