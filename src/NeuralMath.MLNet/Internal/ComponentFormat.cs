namespace NeuralMath.Internal;

/// <summary>How one of our transformers is tagged in a model zip.</summary>
/// <param name="ModelSignature">ML.NET's 8-character component signature.</param>
/// <param name="LoaderSignature">The name [LoadableClass] registers the loader under.</param>
/// <param name="Version">The format version this build writes and the newest it reads (0xMMMMmmmm).</param>
/// <param name="Description">What the component is, for error messages.</param>
internal sealed record ComponentFormat(string ModelSignature, string LoaderSignature, uint Version, string Description);
