// PublicApi: lists every public type and member (and the protected members of public unsealed types) of the three
// libraries, one line each, sorted, so that a change of the public surface shows as a diff of the listing.
// tests/NeuralMath.Transformers.Tests (Docs/PublicApiTests.cs) checks that docs/public-api/current.txt is current.
// Usage: dotnet run --project tools/PublicApi -c Release -- docs/public-api/current.txt
using NeuralMath.Tools.PublicApi;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: PublicApi <listing.txt>");
    return 2;
}
string listing = ApiListing.Of(
[
    typeof(NeuralMath.Artifacts.ModelArtifact).Assembly,
    typeof(NeuralMath.NeuralMathCatalog).Assembly,
    typeof(NeuralMath.Onnx.OnnxModel).Assembly,
]);
File.WriteAllText(args[0], listing);
Console.WriteLine($"Wrote {args[0]} ({listing.Count(c => c == '\n')} lines).");
return 0;
