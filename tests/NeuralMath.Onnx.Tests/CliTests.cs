using System.Text.Json.Nodes;
using NeuralMath.Tests.Cli;

namespace NeuralMath.Onnx.Tests;

/// <summary><c>neuralmath export</c> then <c>neuralmath predict --onnx</c>, run as a user runs them.</summary>
[Collection(ExportedModelsCollection.Name)]
public sealed class CliTests(ExportedModels models)
{
    [Fact]
    public void ExportThenPredictOnnx_PrintsExactlyWhatPredictModelPrints()
    {
        string model = Path.Combine(models.Root, "trained", "model.nmm");
        string dir = Path.Combine(models.Root, "cli-export");
        var export = CliRunner.Run(null, "export", "--model", model, "--out", dir);
        Assert.True(export.ExitCode == 0, export.Stderr);
        Assert.Contains("greedy.onnx", export.Stdout, StringComparison.Ordinal);

        string[] inputs = ["3+4", "9+9", "15+16", "2+x", "123456+1"];
        var expected = CliRunner.Run(null, ["predict", "--model", model, "--beams", "3", "--json", .. inputs]);
        var actual = CliRunner.Run(null, ["predict", "--onnx", dir, "--device", "cpu", "--beams", "3", "--json", .. inputs]);
        Assert.True(actual.ExitCode == 0, actual.Stderr);
        Assert.Equal("", actual.Stderr);
        // Same lines and fields; log-probabilities (printed to 6 decimals) may differ in the last digit.
        var expectedLines = Lines(expected.Stdout);
        var actualLines = Lines(actual.Stdout);
        Assert.Equal(inputs.Length, actualLines.Length);
        for (int i = 0; i < inputs.Length; i++)
        {
            var (e, a) = (JsonNode.Parse(expectedLines[i])!.AsObject(), JsonNode.Parse(actualLines[i])!.AsObject());
            foreach (var (beamE, beamA) in (e["beams"]?.AsArray() ?? []).Zip(a["beams"]?.AsArray() ?? []))
            {
                Assert.True(Math.Abs((double)beamE!["logProb"]! - (double)beamA!["logProb"]!) < 1e-4, $"{beamE} vs {beamA}");
                beamA["logProb"] = beamE["logProb"]!.DeepClone();
            }
            Assert.Equal(e.ToJsonString(), a.ToJsonString());
        }

        var piped = CliRunner.Run("3+4\n9+9\n", "predict", "--onnx", dir, "--device", "cpu");
        var pipedTorch = CliRunner.Run("3+4\n9+9\n", "predict", "--model", model);
        Assert.Equal(pipedTorch.Stdout, piped.Stdout);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void PredictNeedsExactlyOneOfModelAndOnnx()
    {
        var neither = CliRunner.Run(null, "predict", "1+1");
        Assert.Equal(2, neither.ExitCode);
        Assert.Contains("exactly one of --model", neither.Stderr, StringComparison.Ordinal);
        var damaged = CliRunner.Run(null, "predict", "--onnx", Path.Combine(models.Root, "nowhere"), "1+1");
        Assert.Equal(2, damaged.ExitCode);
        Assert.Contains("does not exist", damaged.Stderr, StringComparison.Ordinal);
    }
}
