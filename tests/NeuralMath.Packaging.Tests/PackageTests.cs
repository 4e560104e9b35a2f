using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using NeuralMath.Build;

namespace NeuralMath.Packaging.Tests;

/// <summary>
/// An app outside the solution that references only the packages builds, and trains, saves, loads and predicts, with
/// the core library and with ML.NET; an ONNX-Runtime-only app serves an export with no libtorch in its output; and on
/// Linux the outputs hold TorchSharp's wrapper with its GLIBCXX_3.4.32 need made weak (the NuGet cache untouched); and
/// the CLI installs with dotnet tool install and runs.
/// The programs are docs/usage.md's, so that document cannot go stale. Skipped with NEURALMATH_SKIP_PACKAGE_TESTS=1.
/// </summary>
public sealed partial class PackageTests(PackagedApps apps) : IClassFixture<PackagedApps>
{
    private const string WeakNeed = "GLIBCXX_3.4.32";

    [Fact]
    public void Packages_CarryReadmeSymbolsAndTheBuildFilesAppsNeed()
    {
        Skip();
        apps.EnsurePacked();
        foreach (var package in PackagedApps.Packages)
        {
            string nupkg = Path.Combine(apps.Feed, $"{package}.{apps.PackageVersion}.nupkg");
            Assert.True(File.Exists(nupkg), $"{nupkg} was not made.");
            Assert.True(File.Exists(Path.ChangeExtension(nupkg, ".snupkg")), $"{package} has no symbol package.");
            using var zip = ZipFile.OpenRead(nupkg);
            var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            Assert.Contains("README.md", names);
            Assert.Contains($"lib/net10.0/{package}.dll", names);
            Assert.Contains($"lib/net10.0/{package}.xml", names);
            var metadata = Nuspec(zip);
            Assert.Equal("README.md", Element(metadata, "readme"));
            Assert.Equal("MIT", Element(metadata, "license"));
            Assert.False(string.IsNullOrWhiteSpace(Element(metadata, "description")));
            if (package == "NeuralMath.Transformers")
            {
                Assert.Contains("buildTransitive/NeuralMath.Transformers.targets", names);
                Assert.Contains("buildTransitive/NeuralMath.Transformers.props", names);
                Assert.Contains("tasks/netstandard2.0/NeuralMath.Build.Tasks.dll", names);
                using var reader = new StreamReader(zip.GetEntry("runtime.json")!.Open());
                string runtimeJson = reader.ReadToEnd();
                Assert.Contains("\"linux-x64\": { \"NeuralMath.Transformers\": { \"libtorch-cpu-linux-x64\": \"2.10.0\" } }", runtimeJson, StringComparison.Ordinal);
            }
            if (package == "NeuralMath.MLNet")
            {
                var mlnet = metadata.Descendants(metadata.Name.Namespace + "dependency").Single(d => (string?)d.Attribute("id") == "Microsoft.ML");
                Assert.Equal("[5.0.1]", (string?)mlnet.Attribute("version"));
                Assert.Contains("Microsoft.ML 5.0.1 exactly", Element(metadata, "description"), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void CoreLibrary_AppBuildsFromThePackagesAlone_AndTrainsSavesLoadsAndPredicts()
    {
        Skip();
        var core = apps.CoreModel;
        Assert.True(File.Exists(core.ModelPath), $"No model was saved at {core.ModelPath}:\n{core.Run.Output}");
        AssertAnswerLines(core.Run.Stdout, "3+4", "45+27", "99+99");
        AssertCarriesPatchedLibTorch(apps.Output("core"), core.Build);
    }

    [Fact]
    public void MLNet_AppBuildsFromThePackagesAlone_AndTrainsSavesLoadsAndPredicts()
    {
        Skip();
        apps.EnsurePacked();
        var build = apps.Build("mlnet").Succeeded();
        AssertCarriesPatchedLibTorch(apps.Output("mlnet"), build);
        string zip = Path.Combine(apps.Root, "addition.zip");
        var run = apps.RunApp("mlnet", "MyMathML.dll", zip, "12").Succeeded();
        Assert.True(File.Exists(zip), $"No model zip was saved:\n{run.Output}");
        AssertAnswerLines(run.Stdout, "3+4", "12+9", "19+19");
    }

    [Fact]
    public void OnnxRuntimeOnly_AppServesAnExport_WithNoLibTorchInItsOutput()
    {
        Skip();
        string export = Path.Combine(apps.Root, "exports", "addition");
        Dotnet.Run(apps.Root, null, PackagedApps.Cli(), "export", "--model", apps.CoreModel.ModelPath, "--out", export).Succeeded();
        apps.Build("onnx").Succeeded();
        string output = apps.Output("onnx");
        Assert.True(File.Exists(Path.Combine(output, "libonnxruntime.so")), "ONNX Runtime's native library is missing from the output.");
        var torch = Directory.EnumerateFiles(output, "libtorch*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        Assert.True(torch.Count == 0, "NeuralMathTorchBackend none, yet the output holds " + string.Join(", ", torch));
        var run = apps.RunApp("onnx", "MyMathOnnx.dll", export, "3+4", "45+27").Succeeded();
        AssertAnswerLines(run.Stdout, "3+4", "45+27");
    }

    [Fact]
    public void Cli_InstallsWithDotnetToolInstall_AndRunsTheCoreModel()
    {
        Skip();
        var core = apps.CoreModel;
        apps.PackTool();
        string platformPackage = Path.Combine(apps.Feed, $"neuralmath.linux-x64.{apps.PackageVersion}.nupkg");
        Assert.True(File.Exists(Path.Combine(apps.Feed, $"neuralmath.{apps.PackageVersion}.nupkg")), "No neuralmath tool package.");
        Assert.True(File.Exists(platformPackage), "No neuralmath.linux-x64 tool package.");
        long megabytes = new FileInfo(platformPackage).Length >> 20;
        Assert.True(megabytes < 250, $"neuralmath.linux-x64 is {megabytes} MB; nuget.org takes at most 250 MB.");

        string tools = Path.Combine(apps.Root, "tools");
        apps.Tool("install", "neuralmath", "--tool-path", tools, "--version", apps.PackageVersion).Succeeded();
        var wrapper = Directory.EnumerateFiles(Path.Combine(tools, ".store"), "libLibTorchSharp.so", SearchOption.AllDirectories).Single();
        Assert.All(ElfVersionNeedPatcher.ReadVersionNeeds(wrapper).Where(e => e.Name == WeakNeed), e => Assert.True(e.IsWeak, $"{WeakNeed} is not weak in {wrapper}."));

        var run = Dotnet.RunProgram(Path.Combine(tools, "neuralmath"), apps.Root, apps.AppEnvironment, "predict", "--model", core.ModelPath, "3+4", "45+27").Succeeded();
        AssertAnswerLines(run.Stdout, "3+4", "45+27");
    }

    [Fact]
    public void TheProjectsBuildGenerates_BuildFromThePackagesAlone_AndAnswerTheirCommandLine()
    {
        Skip();
        apps.EnsurePacked();
        // A tiny real build by the repository's CLI (3 trials, capped at 20 steps): its zip, ONNX export and generated projects.
        string space = Path.Combine(apps.Root, "tiny-space.json");
        File.WriteAllText(space, """
            { "start": { "model": { "modelDim": 16, "heads": 2, "encoderLayers": 1, "decoderLayers": 1, "feedForwardDim": 32 },
                         "training": { "batchSize": 32, "warmupSteps": 5, "validationSamples": 50 } },
              "dimensions": { "width": [16, 32], "learningRate": [0.002, 0.003], "base": null, "layers": null, "feedForward": null, "heads": null,
                              "positions": null, "norm": null, "warmup": null, "batchSize": null, "dropout": null },
              "schedule": { "minSteps": 10, "eta": 2, "minTrials": 3, "maxTrials": 3, "maxSteps": 20 } }
            """);
        string build = Path.Combine(apps.Root, "build");
        Dotnet.Run(apps.Root, null, PackagedApps.Cli(), "build", "--problem", "addition", "--max", "20", "--time", "10m", "--space", space,
            "--out", build, "--threads", "1", "--progress", "plain", "--feed", apps.Feed).Succeeded();

        // As generated, the projects take version {RepositoryVersion} from the feed and the rest from nuget.org. This run's
        // packages carry a version of their own, and restore here is offline: the apps' NuGet.config (the same feed, the
        // NuGet cache as fallback) and this version stand in. Nothing else of the generated files changes.
        string consume = Path.Combine(build, "consume");
        Assert.Contains($"value=\"{Path.GetRelativePath(consume, apps.Feed)}\"", File.ReadAllText(Path.Combine(consume, "NuGet.config")), StringComparison.Ordinal);
        File.Copy(Path.Combine(apps.Apps, "NuGet.config"), Path.Combine(consume, "NuGet.config"), overwrite: true);
        foreach (var project in Directory.GetFiles(consume, "*.csproj", SearchOption.AllDirectories))
        {
            string text = File.ReadAllText(project);
            Assert.Contains($"Version=\"{PackagedApps.RepositoryVersion}\"", text, StringComparison.Ordinal);
            File.WriteAllText(project, PackagedApps.NeuralMathVersion().Replace(text, m => m.Groups["head"].Value + apps.PackageVersion + "\""));
        }
        foreach (var app in new[] { "mlnet", "onnx" })
        {
            // dotnet run from the project's folder, as the generated README says.
            var run = Dotnet.Run(Path.Combine(consume, app), apps.AppEnvironment, "run", "--", "3+4", "12+9").Succeeded();
            var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.Contains(" -> ", StringComparison.Ordinal)).ToList();
            Assert.True(lines.Count == 2 && lines[0].StartsWith("3+4 -> ", StringComparison.Ordinal) && lines[1].StartsWith("12+9 -> ", StringComparison.Ordinal),
                $"{app}: expected one answer line per input (20 steps of training: any answer), got:\n{run.Output}");
        }
    }

    [Fact]
    public void AppWithoutARuntimeIdentifier_StopsWithNMATH002_SayingWhatToAdd()
    {
        Skip();
        var build = BuildVariantOfCoreApp("no-rid", project => RuntimeIdentifierLine().Replace(project, ""));
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error NMATH002", build.Output, StringComparison.Ordinal);
        Assert.Contains("<RuntimeIdentifier>linux-x64</RuntimeIdentifier>", build.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void CudaBackendWithoutItsPackage_StopsWithNMATH004_NamingThePackageAndVersion()
    {
        Skip();
        var build = BuildVariantOfCoreApp("cuda-without-package", project => project.Replace(
            "<RuntimeIdentifier>linux-x64</RuntimeIdentifier>",
            "<RuntimeIdentifier>linux-x64</RuntimeIdentifier><NeuralMathTorchBackend>cuda-linux</NeuralMathTorchBackend>", StringComparison.Ordinal));
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error NMATH004", build.Output, StringComparison.Ordinal);
        Assert.Contains("<PackageReference Include=\"TorchSharp-cuda-linux\" Version=\"0.107.0\" />", build.Output, StringComparison.Ordinal);
    }

    /// <summary>Builds the documented core app with its project file changed by <paramref name="edit"/>, in a folder of its own.</summary>
    private Dotnet.Result BuildVariantOfCoreApp(string name, Func<string, string> edit)
    {
        apps.EnsurePacked();
        string folder = Path.Combine(apps.Apps, name);
        Directory.CreateDirectory(folder);
        string project = File.ReadAllText(Path.Combine(apps.Apps, "core", "MyMath.csproj"));
        string edited = edit(project);
        Assert.NotEqual(project, edited);
        File.WriteAllText(Path.Combine(folder, "App.csproj"), edited);
        File.Copy(Path.Combine(apps.Apps, "core", "Program.cs"), Path.Combine(folder, "Program.cs"));
        return apps.Build(name);
    }

    [Fact]
    public void Documentation_NamesThisVersion_AndHasAllThreePrograms()
    {
        var files = PackagedApps.DocumentedFiles;
        Assert.Equal(["core/MyMath.csproj", "core/Program.cs", "mlnet/MyMathML.csproj", "mlnet/Program.cs", "onnx/MyMathOnnx.csproj", "onnx/Program.cs"],
            files.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, text) in files.Where(f => f.Key.EndsWith(".csproj", StringComparison.Ordinal)))
        {
            var references = PackagedApps.NeuralMathVersion().Matches(text);
            Assert.True(references.Count > 0, $"{path} references no NeuralMath package.");
            foreach (Match reference in references)
                Assert.True(reference.Value.EndsWith($"\"{PackagedApps.RepositoryVersion}\"", StringComparison.Ordinal),
                    $"docs/usage.md ({path}) references {reference.Value}; the version is {PackagedApps.RepositoryVersion} (Directory.Build.props).");
        }
    }

    private static void Skip()
    {
        Assert.SkipWhen(Environment.GetEnvironmentVariable("NEURALMATH_SKIP_PACKAGE_TESTS") == "1", "NEURALMATH_SKIP_PACKAGE_TESTS=1");
        PackagedApps.SkipUnlessLinuxX64();
    }

    /// <summary>One "input -> answer (verified|not verified)" line per input, in order (few training steps: any answer).</summary>
    private static void AssertAnswerLines(string stdout, params string[] inputs)
    {
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => AnswerLine().IsMatch(l)).ToList();
        Assert.True(lines.Count == inputs.Length, $"Expected {inputs.Length} answer lines, got:\n{stdout}");
        for (int i = 0; i < inputs.Length; i++) Assert.StartsWith(inputs[i] + " -> ", lines[i], StringComparison.Ordinal);
    }

    /// <summary>CPU libtorch is in the output, and the wrapper's GLIBCXX_3.4.32 need is weak there but not in the NuGet cache.</summary>
    private static void AssertCarriesPatchedLibTorch(string output, Dotnet.Result build)
    {
        Assert.True(File.Exists(Path.Combine(output, "libtorch_cpu.so")), $"No CPU libtorch in {output}:\n{build.Output}");
        string wrapper = Path.Combine(output, "libLibTorchSharp.so");
        Assert.True(File.Exists(wrapper), $"No libLibTorchSharp.so in {output}.");
        Assert.All(ElfVersionNeedPatcher.ReadVersionNeeds(wrapper).Where(e => e.Name == WeakNeed), e => Assert.True(e.IsWeak, $"{WeakNeed} is not weak in {wrapper}."));

        string shipped = Directory.EnumerateFiles(Path.Combine(PackagedApps.NuGetCache, "torchsharp"), "libLibTorchSharp.so", SearchOption.AllDirectories)
            .Single(f => f.Contains("linux-x64", StringComparison.Ordinal));
        var shippedNeeds = ElfVersionNeedPatcher.ReadVersionNeeds(shipped).Where(e => e.Name == WeakNeed).ToList();
        Assert.NotEmpty(shippedNeeds);
        Assert.All(shippedNeeds, e => Assert.False(e.IsWeak, $"The NuGet cache's {shipped} was modified."));
    }

    private static XElement Nuspec(ZipArchive zip)
    {
        var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = entry.Open();
        var root = XDocument.Load(stream).Root!;
        return root.Element(root.Name.Namespace + "metadata")!;
    }

    private static string Element(XElement metadata, string name) => (string?)metadata.Element(metadata.Name.Namespace + name) ?? "";

    [GeneratedRegex(@"^\S+ -> .+ \((verified|not verified)\)$")]
    private static partial Regex AnswerLine();

    [GeneratedRegex(@"\s*<RuntimeIdentifier>[^<]*</RuntimeIdentifier>")]
    private static partial Regex RuntimeIdentifierLine();
}
