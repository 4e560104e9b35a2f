using System.Text.Json.Nodes;

namespace NeuralMath.Tests.Cli;

/// <summary><c>predict</c>, <c>eval</c> and <c>train</c> with a multitask model: the task in each input or in --problem, reports per task.</summary>
[Collection(TrainedModelsCollection.Name)]
public sealed class MultitaskCommandTests(TrainedModels models)
{
    [Fact]
    public void Predict_ReadsTheTaskFromEachInput_OrFromProblem()
    {
        var (code, stdout, stderr) = CliRunner.Run(null, "predict", "--model", models.Multitask, "--json", "gcd:12,18", "addition:12+3", "GCD:gcd(4,6)");
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToArray();
        Assert.Equal(["gcd:gcd(12,18)", "addition:12+3", "gcd:gcd(4,6)"], lines.Select(l => (string)l["normalized"]!));
        Assert.All(lines, l => Assert.NotNull(l["beams"]));

        (code, stdout, stderr) = CliRunner.Run(null, "predict", "--model", models.Multitask, "--problem", "gcd", "--json", "12,18", "gcd(4,6)", "addition:1+2");
        Assert.True(code == 0, stderr);
        lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToArray();
        Assert.Equal("gcd:gcd(12,18)", (string)lines[0]["normalized"]!);
        Assert.Equal("gcd:gcd(4,6)", (string)lines[1]["normalized"]!);
        Assert.Equal("'addition:1+2' names task 'addition', but --problem is 'gcd'.", (string)lines[2]["error"]!);
    }

    [Fact]
    public void Predict_GivesOneLinePerBadInput_ListingTheModelsTasks()
    {
        var (code, stdout, _) = CliRunner.Run(null, "predict", "--model", models.Multitask, "12,18", "sub:3-1", "gcd:0,4");
        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("12,18: error: '12,18' does not say which task it is: write task:input with one of this model's tasks (addition, gcd)", lines[0], StringComparison.Ordinal);
        Assert.Equal("sub:3-1: error: unknown task 'sub': this model's tasks are addition, gcd.", lines[1]);
        Assert.StartsWith("gcd:0,4: error: gcd operands must be ≥ 1", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownProblemFlag_IsOneLineAndExitCode2()
    {
        var (code, stdout, stderr) = CliRunner.Run(null, "predict", "--model", models.Multitask, "--problem", "modadd", "1+2");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal("error: --problem: unknown task 'modadd': this model's tasks are addition, gcd.", stderr.Trim());
    }

    [Fact]
    public void ASingleProblemModel_TakesItsOwnNameAsAPrefix_AndRefusesAnother()
    {
        var (code, stdout, stderr) = CliRunner.Run(null, "predict", "--model", models.Addition, "--json", "addition:3+4", "gcd:3,4");
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToArray();
        Assert.Equal("3+4", (string)lines[0]["normalized"]!);
        Assert.Equal("unknown task 'gcd': this model solves addition only.", (string)lines[1]["error"]!);
        (code, _, stderr) = CliRunner.Run(null, "predict", "--model", models.Addition, "--problem", "addition", "3+4");
        Assert.True(code == 0, stderr);
    }

    [Fact]
    public void EvalJson_HasAReportPerTask_WhoseCountsAddUp()
    {
        var (code, stdout, stderr) = CliRunner.Run(null, "eval", "--model", models.Multitask, "--split", "test", "--json");
        Assert.True(code == 0, stderr);
        var report = JsonNode.Parse(stdout)!.AsObject();
        Assert.Equal("multitask", (string)report["problem"]!);
        var tasks = report["tasks"]!.AsObject();
        Assert.Equal(["addition", "gcd"], tasks.Select(t => t.Key));
        Assert.Equal((int)report["count"]!, tasks.Sum(t => (int)t.Value!["count"]!));
        Assert.NotNull(tasks["gcd"]!["commonDivisor"]); // the task's own rates
        Assert.NotNull(report["groups"]!["task"]!["gcd"]);

        (code, stdout, stderr) = CliRunner.Run(null, "eval", "--model", models.Multitask, "--split", "test");
        Assert.True(code == 0, stderr);
        Assert.Contains("multitask · test", stdout, StringComparison.Ordinal);
        Assert.Contains("  gcd · test", stdout, StringComparison.Ordinal);
        Assert.Contains("  addition · test", stdout, StringComparison.Ordinal);
    }
}
