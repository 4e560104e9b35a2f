namespace NeuralMath.Tests;

/// <summary>The repository these tests were built from, for tests that check its files.</summary>
internal static class Repository
{
    /// <summary>The folder holding NeuralMath.sln, above the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Files under <paramref name="folder"/> (relative to the root) ending in <paramref name="extension"/>, build output and npm packages excluded.</summary>
    public static IEnumerable<string> Files(string folder, string extension) =>
        Directory.EnumerateFiles(Path.Combine(Root, folder), "*" + extension, SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(Root, f).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules"));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NeuralMath.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("NeuralMath.sln not found above the test folder.");
    }
}
