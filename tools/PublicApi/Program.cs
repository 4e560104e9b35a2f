// PublicApi: lists every public type and member (and the protected members of public unsealed types) of the three
// libraries, one line each, sorted, so that a change of the public surface shows as a diff.
// Usage: PublicApi [--check] <listing.txt>   (writes the listing, or with --check compares and exits 1 when it differs)
using NeuralMath.Tools.PublicApi;

bool check = args.Length == 2 && args[0] == "--check";
if (args.Length != (check ? 2 : 1))
{
    Console.Error.WriteLine("usage: PublicApi [--check] <listing.txt>");
    return 2;
}
string path = args[^1];
string listing = ApiListing.Of(
[
    typeof(NeuralMath.Artifacts.ModelArtifact).Assembly,
    typeof(NeuralMath.NeuralMathCatalog).Assembly,
    typeof(NeuralMath.Onnx.OnnxModel).Assembly,
]);
if (!check)
{
    File.WriteAllText(path, listing);
    Console.WriteLine($"Wrote {path} ({listing.Count(c => c == '\n')} lines).");
    return 0;
}
string recorded = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";
if (recorded == listing) return 0;
var was = recorded.Split('\n').ToHashSet(StringComparer.Ordinal);
var now = listing.Split('\n').ToHashSet(StringComparer.Ordinal);
Console.WriteLine($"The public API differs from {path}:");
foreach (var line in listing.Split('\n').Where(l => !was.Contains(l))) Console.WriteLine("+ " + line);
foreach (var line in recorded.Split('\n').Where(l => !now.Contains(l))) Console.WriteLine("- " + line);
Console.WriteLine($"If the change is intended, rewrite the listing: dotnet run --project tools/PublicApi -c Release -- {path}");
return 1;
