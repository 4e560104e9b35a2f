using System.Text.Json.Nodes;

namespace NeuralMath.Tests.Cli;

/// <summary>The machine-readable contract of <c>eval --json</c> and <c>predict --json</c>, and the CLI's error behaviour.</summary>
[Collection(TrainedModelsCollection.Name)]
public sealed class CliContractTests(TrainedModels models)
{
    [Fact]
    public void EvalJson_ReportsTheContractFields_ForFactorization()
    {
        var (code, stdout, stderr) = CliRunner.Run(null, "eval", "--model", models.Factorization, "--split", "test", "--beams", "3", "--json");
        Assert.True(code == 0, stderr);
        var report = JsonNode.Parse(stdout)!.AsObject();
        foreach (var key in new[] { "problem", "split", "count", "beams", "top1Accuracy", "anyOfKAccuracy", "verifiedAccuracy", "correctProduct", "correctFactorization", "echoRate", "byFactorCount" })
            Assert.True(report.ContainsKey(key), key);
        Assert.Equal("factorization", (string?)report["problem"]);
        Assert.Equal(3, (int)report["beams"]!);
        Assert.True((int)report["count"]! > 0);
        double top1 = (double)report["top1Accuracy"]!, any = (double)report["anyOfKAccuracy"]!;
        Assert.InRange(top1, 0, any);
    }

    [Fact]
    public void EvalOut_WritesThePerInputCsv_ForARange()
    {
        var dir = Path.Combine(models.Directory, "eval-out");
        var (code, _, stderr) = CliRunner.Run(null, "eval", "--model", models.Factorization, "--split", "range:200-230", "--out", dir);
        Assert.True(code == 0, stderr);
        var lines = File.ReadAllLines(Path.Combine(dir, "predictions.csv"));
        Assert.Equal(32, lines.Length); // header + 31 inputs
        Assert.StartsWith("input,expected,", lines[0], StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "report.json")));
    }

    [Fact]
    public void PredictJson_AnswersGoodInputs_AndGivesErrorsForBadOnes_InOneCall()
    {
        var (code, stdout, stderr) = CliRunner.Run(null, "predict", "--model", models.Factorization, "--beams", "2", "--json",
            "91", "-5", "1", "abc", "99999999999999999999", "12", "999999999999999999");
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        Assert.Equal(7, lines.Length);
        foreach (var good in new[] { lines[0], lines[5] })
        {
            Assert.Null(good["error"]);
            Assert.Equal(2, good["beams"]!.AsArray().Count);
            foreach (var beam in good["beams"]!.AsArray())
                foreach (var key in new[] { "text", "logProb", "finished", "answer", "verified" }) Assert.True(beam!.AsObject().ContainsKey(key), key);
            Assert.True(good.ContainsKey("best") && good.ContainsKey("verified"));
        }
        foreach (var i in new[] { 1, 2, 3, 4, 6 }) Assert.False(string.IsNullOrWhiteSpace((string?)lines[i]["error"]), lines[i].ToJsonString());
        Assert.Contains("positions", (string?)lines[6]["error"], StringComparison.Ordinal); // too long for the model
    }

    [Fact]
    public void Predict_ReadsStandardInput_ForAddition()
    {
        var (code, stdout, stderr) = CliRunner.Run("3+4\n12+7\n3+x\n", "predict", "--model", models.Addition, "--json");
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        Assert.Equal(["3+4", "12+7", "3+x"], lines.Select(l => (string?)l["input"]));
        Assert.NotNull(lines[2]["error"]);
        Assert.Null(lines[0]["error"]);
    }

    [Theory]
    [InlineData("train --config /nonexistent/file.json", "'/nonexistent/file.json' does not exist")]
    [InlineData("train --config nonexistent", "neither a file nor a built-in config")]
    [InlineData("train --set tokenizer.base=1", "tokenizer.base")]
    [InlineData("train --set problem.name=sorting", "problem.name is 'sorting'")]
    [InlineData("train --set training.batchSize=-1", "training.batchSize")]
    [InlineData("eval --model /nonexistent/model.nmm", "does not exist")]
    public void BadOptions_GiveOneClearLine_AndANonZeroExit(string args, string expected)
    {
        var (code, _, stderr) = CliRunner.Run(null, args.Split(' '));
        Assert.NotEqual(0, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal); // no stack trace
    }

    [Fact]
    public void Help_IsAvailableForEveryCommand()
    {
        foreach (var command in new[] { "train", "eval", "predict" })
        {
            var (code, stdout, _) = CliRunner.Run(null, command, "--help");
            Assert.Equal(0, code);
            Assert.Contains("Usage:", stdout, StringComparison.Ordinal);
        }
    }
}
