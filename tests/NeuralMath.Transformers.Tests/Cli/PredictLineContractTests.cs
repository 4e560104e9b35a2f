using System.Text.Json.Nodes;

namespace NeuralMath.Tests.Cli;

/// <summary>
/// <c>predict</c>'s line contract, through the real CLI: every input produces exactly one output line, in order,
/// that echoes the input as given, so outputs can be pasted next to inputs.
/// </summary>
[Collection(TrainedModelsCollection.Name)]
public sealed class PredictLineContractTests(TrainedModels models, ITestOutputHelper output)
{
    [Fact]
    public void GeneratedBadLines_EachGetOneOutputLine_InOrder_InJsonAndPlainMode()
    {
        var lines = InputLineGenerator.Generate(seed: 20251130, count: 600);
        byte[] stdin = [.. lines.SelectMany(l => l.Bytes.Concat(l.Terminator))];

        var json = CliRunner.RunWithBytes(stdin, "predict", "--model", models.Addition, "--json");
        Assert.True(json.ExitCode == 0, json.Stderr);
        var objects = OutputLines(json.Stdout).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        output.WriteLine($"lines generated: {lines.Count}; JSON lines output: {objects.Length}; errors: {objects.Count(o => o["error"] is not null)}");
        Assert.Equal(lines.Count, objects.Length);
        for (int i = 0; i < lines.Count; i++)
        {
            string where = $"line {i} ({lines[i].Kind}): {objects[i].ToJsonString()[..Math.Min(200, objects[i].ToJsonString().Length)]}";
            Assert.True(lines[i].Echo == (string?)objects[i]["input"], where);
            bool answered = objects[i]["error"] is null;
            if (lines[i].Usable is bool usable) Assert.True(usable == answered, where);
            if (answered)
                Assert.True(objects[i]["beams"] is JsonArray && objects[i]["normalized"] is not null, where);
            else
                Assert.True(((string)objects[i]["error"]!).Length <= 200, where); // quotes at most 64 characters of the input
        }

        var plain = CliRunner.RunWithBytes(stdin, "predict", "--model", models.Addition);
        Assert.True(plain.ExitCode == 0, plain.Stderr);
        var plainLines = OutputLines(plain.Stdout);
        output.WriteLine($"plain lines output: {plainLines.Length}");
        Assert.Equal(lines.Count, plainLines.Length);
        for (int i = 0; i < lines.Count; i++)
            Assert.True(objects[i]["error"] is null != plainLines[i].Contains(": error: ", StringComparison.Ordinal), $"line {i}: {plainLines[i]}");
    }

    [Fact]
    public void Echo_IsTheInputAsGiven_WithTheNormalizedFormBeside()
    {
        var (code, stdout, stderr) = CliRunner.Run(null, "predict", "--model", models.Addition, "--json", " 007+3 ", "3+x");
        Assert.True(code == 0, stderr);
        var lines = OutputLines(stdout).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        Assert.Equal(" 007+3 ", (string?)lines[0]["input"]);
        Assert.Equal("7+3", (string?)lines[0]["normalized"]);
        Assert.Equal("3+x", (string?)lines[1]["input"]);

        var plain = CliRunner.Run(null, "predict", "--model", models.Addition, " 007+3 ");
        Assert.StartsWith(" 007+3  -> ", plain.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void StandardInput_SplitsOnlyAtNewline_StripsCrlfAndALeadingBom_AndBlankLinesGetErrors()
    {
        var stdin = "\uFEFF3+4\r\n\r\n  \n3+\r4\n1+\02\n5+5\r\r\n6+6"u8.ToArray();
        var (code, stdout, stderr) = CliRunner.RunWithBytes(stdin, "predict", "--model", models.Addition, "--json");
        Assert.True(code == 0, stderr);
        var lines = OutputLines(stdout).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        Assert.Equal(["3+4", "", "  ", "3+\r4", "1+\02", "5+5\r", "6+6"], lines.Select(l => (string?)l["input"]));
        Assert.Equal([false, true, true, true, true, true, false], lines.Select(l => l["error"] is not null));
    }

    [Fact]
    public void InputsThatLookLikeOptions_AreInputsAfterDoubleDash_AndResponseFilesAreNotRead()
    {
        var file = Path.Combine(models.Directory, "inputs.rsp");
        File.WriteAllText(file, "3+4");
        var (code, stdout, stderr) = CliRunner.Run(null, "predict", "--model", models.Addition, "--json", "@" + file, "--", "-h", "--help", "-k", "@" + file);
        Assert.True(code == 0, stderr);
        var lines = OutputLines(stdout).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        Assert.Equal(["@" + file, "-h", "--help", "-k", "@" + file], lines.Select(l => (string?)l["input"]));
        Assert.All(lines, l => Assert.NotNull(l["error"]));
    }

    /// <summary>Output lines: only '\n' ends one, and the last is terminated.</summary>
    private static string[] OutputLines(string stdout)
    {
        Assert.True(stdout.Length == 0 || stdout.EndsWith('\n'), "the last output line is terminated");
        return stdout.Length == 0 ? [] : stdout[..^1].Split('\n');
    }
}
