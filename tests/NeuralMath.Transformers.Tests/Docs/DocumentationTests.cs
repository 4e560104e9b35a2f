using System.Text.RegularExpressions;

namespace NeuralMath.Tests.Docs;

/// <summary>
/// Everything a reader needs is in the repository: no document points at a path of the machine it was written on,
/// and every relative link resolves.
/// </summary>
public sealed partial class DocumentationTests
{
    /// <summary>Markdown anywhere in the repository, and the raw records under docs/.</summary>
    private static IEnumerable<string> Documents() =>
        Repository.Files(".", ".md").Concat(Repository.Files("docs", ".json"))
            .Where(f => !Path.GetRelativePath(Repository.Root, f).StartsWith(".git", StringComparison.Ordinal));

    [Fact]
    public void NoDocumentNamesAPathOfTheMachineItWasWrittenOn()
    {
        var hits = (from file in Documents()
                    from line in File.ReadLines(file).Select((text, index) => (text, number: index + 1))
                    where MachinePath().IsMatch(line.text)
                    select $"{Path.GetRelativePath(Repository.Root, file)}:{line.number}: {MachinePath().Match(line.text).Value}").ToList();
        Assert.True(hits.Count == 0, "Absolute machine paths (use a path relative to the repository):" + Environment.NewLine + string.Join(Environment.NewLine, hits));
    }

    [Fact]
    public void EveryRelativeLinkResolves()
    {
        var broken = new List<string>();
        foreach (var file in Documents().Where(f => f.EndsWith(".md", StringComparison.Ordinal)))
        {
            string text = InlineCode().Replace(FencedCode().Replace(File.ReadAllText(file), ""), "");
            foreach (Match link in MarkdownLink().Matches(text))
            {
                string target = link.Groups["target"].Value;
                if (target.Length == 0 || target.StartsWith('#') || Uri.TryCreate(target, UriKind.Absolute, out _)) continue;
                string path = Uri.UnescapeDataString(target.Split('#')[0]);
                string resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, path));
                bool inside = resolved.StartsWith(Repository.Root, StringComparison.Ordinal);
                if (!inside || (!File.Exists(resolved) && !Directory.Exists(resolved)))
                    broken.Add($"{Path.GetRelativePath(Repository.Root, file)}: ({target}){(inside ? "" : " leaves the repository")}");
            }
        }
        Assert.True(broken.Count == 0, "Links that do not resolve inside the repository:" + Environment.NewLine + string.Join(Environment.NewLine, broken));
    }

    [Theory]
    [InlineData("see /work/shared/research/x.md", true)]
    [InlineData("--out /tmp/run", true)]
    [InlineData("`/home/me/x`", true)]
    [InlineData("/root/.nuget", true)]
    [InlineData(@"C:\Users\me\model.nmm", true)]
    [InlineData("https://example.org/home/page and runs/tmp/x", false)]
    public void TheMachinePathPattern_CatchesTheUsualSuspects(string text, bool expected) => Assert.Equal(expected, MachinePath().IsMatch(text));

    [GeneratedRegex(@"(?<![\w.~/-])/(work|tmp|home|root|Users|mnt)/|\b[A-Za-z]:\\(Users|work|tmp)\\")]
    private static partial Regex MachinePath();

    [GeneratedRegex(@"!?\[[^\]\n]*\]\((?<target>[^)\s]*)(\s+""[^""]*"")?\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"^(```|~~~).*?^\1", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedCode();

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex InlineCode();
}
