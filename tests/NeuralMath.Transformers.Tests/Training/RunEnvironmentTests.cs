using System.Diagnostics;
using NeuralMath.Training;
using static TorchSharp.torch;

namespace NeuralMath.Tests.Training;

public class RunEnvironmentTests
{
    [Fact]
    public void TheRunEnvironment_RecordsTheCommitThisBuildCameFrom()
    {
        // The SDK stamps the commit into the informational version when it builds a git checkout; a results.json then
        // names the exact source of the binary that produced it.
        Assert.SkipUnless(Directory.Exists(Path.Combine(Repository.Root, ".git")), "not a git checkout");
        var git = Process.Start(new ProcessStartInfo("git", ["-C", Repository.Root, "rev-parse", "HEAD"]) { RedirectStandardOutput = true })!;
        string head = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        Assert.Equal(0, git.ExitCode);

        Assert.Equal(head, (string?)RunEnvironment.Describe(CPU)["commit"]);
    }
}
