using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NeuralMath.Tests.Docs;

/// <summary>
/// Every C# snippet in the documents a new user follows compiles, as written, as a program of its own against the three
/// libraries: a snippet cannot use a name it does not define or an API that changed. (docs/usage.md's programs are
/// also built from the packages and run by tests/NeuralMath.Packaging.Tests.)
/// </summary>
public sealed partial class SnippetCompilationTests
{
    public static TheoryData<string, int> Snippets()
    {
        var data = new TheoryData<string, int>();
        foreach (var document in Documents)
            for (int i = 0; i < CSharpBlocks(document).Count; i++) data.Add(document, i);
        return data;
    }

    private static readonly string[] Documents = ["docs/mlnet.md", "docs/usage.md"];

    [Fact]
    public void TheDocumentsHaveSnippets()
    {
        Assert.NotEmpty(CSharpBlocks("docs/mlnet.md"));
        Assert.True(CSharpBlocks("docs/usage.md").Count >= 3);
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void CompilesAsAProgram(string document, int index)
    {
        var (line, code) = CSharpBlocks(document)[index];
        var errors = Compile(code).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0,
            $"{document}, the C# block at line {line}, does not compile:{Environment.NewLine}" + string.Join(Environment.NewLine, errors.Select(e => e.ToString())));
    }

    /// <summary>The <c>```csharp</c> blocks of a document, with the line each starts on.</summary>
    private static List<(int Line, string Code)> CSharpBlocks(string document)
    {
        string text = File.ReadAllText(Path.Combine(Repository.Root, document)).ReplaceLineEndings("\n");
        return CSharpBlock().Matches(text).Select(m => (text[..m.Index].Count(c => c == '\n') + 1, m.Groups["code"].Value)).ToList();
    }

    /// <summary>Compiles a console program with the implicit usings of an SDK app, against everything this test process references.</summary>
    private static ImmutableArray<Diagnostic> Compile(string code)
    {
        string[] implicitUsings = ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];
        var options = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);
        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(code, options, path: "Program.cs"),
            CSharpSyntaxTree.ParseText(string.Concat(implicitUsings.Select(u => $"global using global::{u};\n")), options, path: "Usings.cs"),
        };
        var compilation = CSharpCompilation.Create("Snippet", trees, References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        using var output = new MemoryStream();
        return compilation.Emit(output).Diagnostics;
    }

    // The framework's assemblies and every library beside this test (NeuralMath's three, ML.NET, TorchSharp, ONNX Runtime...).
    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll"))
            .Where(IsManaged)
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => (MetadataReference)MetadataReference.CreateFromFile(g.First()))
            .ToArray());

    private static bool IsManaged(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
            return reader.HasMetadata;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^```csharp\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
