using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace NeuralMath.Packaging.Tests;

/// <summary>
/// The three packages packed into a folder feed, and docs/usage.md's programs written out as apps in a folder of their
/// own outside the repository: an empty Directory.Build.props, Directory.Build.targets and Directory.Packages.props stop
/// the repository's (and any parent folder's) from applying, and a NuGet.config names the feed as the only source and
/// the NuGet cache that the repository's own build restored into as a fallback folder (read in place, never written), so
/// restore is offline. The packages get a version of their own per run, so no stale copy in any cache can stand in for
/// them. Everything is made on first use; facts of one class run one at a time, so no two builds overlap.
/// </summary>
public sealed partial class PackagedApps : IDisposable
{
    /// <summary>The packable projects, in dependency order.</summary>
    public static readonly string[] Packages = ["NeuralMath.Transformers", "NeuralMath.MLNet", "NeuralMath.Onnx"];

    private readonly Lazy<bool> _packed;
    private readonly Lazy<TrainedCoreModel> _coreModel;

    public PackagedApps()
    {
        Root = Directory.CreateTempSubdirectory("nm-packages-").FullName;
        Feed = Path.Combine(Root, "feed");
        Apps = Path.Combine(Root, "apps");
        PackageVersion = $"{RepositoryVersion}-test.{DateTime.UtcNow:yyyyMMddHHmmss}";
        _packed = new Lazy<bool>(PackAndWriteApps);
        _coreModel = new Lazy<TrainedCoreModel>(TrainCoreModel);
    }

    /// <summary>The repository checkout the test was built from.</summary>
    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    /// <summary>The version in Directory.Build.props.</summary>
    public static string RepositoryVersion { get; } = Metadata("PackageVersion");

    /// <summary>The configuration the libraries were built in (packed with --no-build).</summary>
    public static string Configuration { get; } = Metadata("Configuration");

    /// <summary>Where the repository's build restored its packages.</summary>
    public static string NuGetCache { get; } = Metadata("NuGetPackageRoot");

    /// <summary>The temporary folder holding everything.</summary>
    public string Root { get; }

    /// <summary>The folder feed.</summary>
    public string Feed { get; }

    /// <summary>The apps' folder.</summary>
    public string Apps { get; }

    /// <summary>This run's package version: the repository's, with a prerelease tag of its own.</summary>
    public string PackageVersion { get; }

    /// <summary>The apps' NuGet global packages folder (NeuralMath's packages land here, nothing else).</summary>
    public string AppPackages => Path.Combine(Root, "packages");

    /// <summary>docs/usage.md's code blocks marked <c>&lt;!-- usage-test: path --&gt;</c>, by path.</summary>
    public static IReadOnlyDictionary<string, string> DocumentedFiles { get; } = ReadDocumentedFiles();

    /// <summary>Packs the packages and writes the apps (once).</summary>
    public void EnsurePacked() => _ = _packed.Value;

    /// <summary>The core program's run: built, trained, saved, loaded and predicted once for every fact that needs it.</summary>
    public TrainedCoreModel CoreModel => _coreModel.Value;

    /// <summary>Skips unless this machine is the one the documented programs are written for (linux-x64).</summary>
    public static void SkipUnlessLinuxX64() =>
        Assert.SkipUnless(OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64,
            "docs/usage.md's programs name the linux-x64 runtime identifier.");

    /// <summary>Packs the CLI as a .NET tool into the feed (the tool package and its linux-x64 package).</summary>
    public void PackTool()
    {
        EnsurePacked();
        Dotnet.Run(RepositoryRoot, null, "pack", Path.Combine("src", "NeuralMath.Cli", "NeuralMath.Cli.csproj"), "-c", Configuration, "--no-build",
            "-o", Feed, $"-p:Version={PackageVersion}", "-nodeReuse:false", "--disable-build-servers").Succeeded();
    }

    /// <summary>Runs <c>dotnet tool ...</c> in the apps' folder (its NuGet.config, offline).</summary>
    public Dotnet.Result Tool(params string[] args) => Dotnet.Run(Apps, AppEnvironment, ["tool", .. args]);

    /// <summary>Restores and builds an app folder under <see cref="Apps"/> (Release), offline; returns the result.</summary>
    public Dotnet.Result Build(string app) =>
        Dotnet.Run(Path.Combine(Apps, app), AppEnvironment, "build", "-c", "Release", "-nodeReuse:false", "--disable-build-servers");

    /// <summary>An app's output folder.</summary>
    public string Output(string app) => Path.Combine(Apps, app, "bin", "Release", "net10.0", "linux-x64");

    /// <summary>Runs a built app's DLL with <c>dotnet</c>.</summary>
    public Dotnet.Result RunApp(string app, string dll, params string[] args) =>
        Dotnet.Run(Path.Combine(Apps, app), AppEnvironment, [Path.Combine(Output(app), dll), .. args]);

    /// <summary>The repository's CLI, built beside this test (the test project references it) for linux-x64.</summary>
    public static string Cli()
    {
        string cli = Path.Combine(RepositoryRoot, "src", "NeuralMath.Cli", "bin", Configuration, "net10.0", "linux-x64", "neuralmath.dll");
        Assert.True(File.Exists(cli), $"The CLI was not built at {cli}.");
        return cli;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process that outlived its test may still hold a file; the folder is in the temporary directory.
        }
    }

    /// <summary>The apps' environment: their own NuGet global packages folder.</summary>
    public Dictionary<string, string> AppEnvironment => new() { ["NUGET_PACKAGES"] = AppPackages };

    private bool PackAndWriteApps()
    {
        foreach (var package in Packages)
        {
            Dotnet.Run(RepositoryRoot, null, "pack", Path.Combine("src", package, package + ".csproj"), "-c", Configuration, "--no-build",
                "-o", Feed, $"-p:Version={PackageVersion}", "-nodeReuse:false", "--disable-build-servers").Succeeded();
        }

        Directory.CreateDirectory(Apps);
        // Empty: nothing of the repository's build (nor of any parent folder's) reaches these apps.
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            File.WriteAllText(Path.Combine(Apps, file), "<Project />\n");
        File.WriteAllText(Path.Combine(Apps, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{AppPackages}" />
              </config>
              <packageSources>
                <clear />
                <add key="neuralmath" value="{Feed}" />
              </packageSources>
              <fallbackPackageFolders>
                <clear />
                <add key="cache" value="{NuGetCache}" />
              </fallbackPackageFolders>
            </configuration>
            """);
        foreach (var (path, text) in DocumentedFiles)
        {
            string file = Path.Combine(Apps, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, NeuralMathVersion().Replace(text, m => m.Groups["head"].Value + PackageVersion + "\""));
        }
        return true;
    }

    private TrainedCoreModel TrainCoreModel()
    {
        EnsurePacked();
        var build = Build("core").Succeeded();
        string run = Path.Combine(Root, "runs", "addition");
        // A few steps: the answers are not right yet, but every stage runs (the docs' default is 1,500).
        var result = RunApp("core", "MyMath.dll", run, "12").Succeeded();
        return new TrainedCoreModel(build, result, Path.Combine(run, "model.nmm"));
    }

    private static Dictionary<string, string> ReadDocumentedFiles()
    {
        string doc = File.ReadAllText(Path.Combine(RepositoryRoot, "docs", "usage.md")).ReplaceLineEndings("\n");
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in DocumentedBlock().Matches(doc)) files.Add(m.Groups["path"].Value, m.Groups["code"].Value + "\n");
        return files;
    }

    private static string Metadata(string key) =>
        typeof(PackagedApps).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    [GeneratedRegex(@"<!-- usage-test: (?<path>\S+) -->\n```\w*\n(?<code>.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex DocumentedBlock();

    [GeneratedRegex(@"(?<head><PackageReference Include=""NeuralMath\.[A-Za-z]+"" Version="")[^""]*""")]
    internal static partial Regex NeuralMathVersion();
}

/// <summary>The core program's build and run, and the model it saved.</summary>
public sealed record TrainedCoreModel(Dotnet.Result Build, Dotnet.Result Run, string ModelPath);
