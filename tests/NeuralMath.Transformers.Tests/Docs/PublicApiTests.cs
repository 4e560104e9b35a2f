using NeuralMath.Tools.PublicApi;

namespace NeuralMath.Tests.Docs;

/// <summary>
/// The public API of the three libraries is the one listed in docs/public-api/current.txt, so that a change of the surface
/// is a visible, reviewed diff of that file (docs/public-api/README.md).
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void ThePublicApi_IsTheListedOne()
    {
        string path = Path.Combine(Repository.Root, "docs", "public-api", "current.txt");
        string listing = ApiListing.Of([typeof(NeuralMath.Artifacts.ModelArtifact).Assembly, typeof(NeuralMathCatalog).Assembly, typeof(NeuralMath.Onnx.OnnxModel).Assembly]);
        string recorded = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";
        var was = recorded.Split('\n').ToHashSet(StringComparer.Ordinal);
        var now = listing.Split('\n').ToHashSet(StringComparer.Ordinal);
        var added = listing.Split('\n').Where(l => !was.Contains(l)).Select(l => "+ " + l);
        var removed = recorded.Split('\n').Where(l => !now.Contains(l)).Select(l => "- " + l);
        Assert.True(recorded == listing,
            $"The public API differs from docs/public-api/current.txt:{Environment.NewLine}{string.Join(Environment.NewLine, added.Concat(removed))}{Environment.NewLine}" +
            "If the change is intended, rewrite the listing: dotnet run --project tools/PublicApi -c Release -- docs/public-api/current.txt");
    }
}
