using System.Diagnostics;
using NeuralMath.Tests;

namespace NeuralMath.Onnx.Tests;

/// <summary>
/// samples/onnx-node (JavaScript, onnxruntime-node, manifest.json + greedy.onnx only) gives the answers greedy.onnx
/// gives in .NET. Skipped when node or the sample's node_modules are missing, unless NEURALMATH_REQUIRE_NODE=1: <c>.ci/run</c>
/// installs both and sets it, so CI fails rather than skips without them.
/// </summary>
[Collection(ExportedModelsCollection.Name)]
public sealed class NodeExampleTests(ExportedModels models)
{
    [Fact]
    public async Task NodeExample_AnswersLikeGreedyOnnxInDotNet()
    {
        string sample = Path.Combine(Repository.Root, "samples", "onnx-node");
        string? node = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, OperatingSystem.IsWindows() ? "node.exe" : "node")).FirstOrDefault(File.Exists);
        bool installed = Directory.Exists(Path.Combine(sample, "node_modules", "onnxruntime-node"));
        if (Environment.GetEnvironmentVariable("NEURALMATH_REQUIRE_NODE") == "1")
            Assert.True(node is not null && installed, "NEURALMATH_REQUIRE_NODE=1 but node or samples/onnx-node/node_modules is missing (run `npm ci` in samples/onnx-node).");
        Assert.SkipWhen(node is null, "node is not on PATH.");
        Assert.SkipUnless(installed, "samples/onnx-node/node_modules is missing: run `npm ci` in samples/onnx-node to include this test.");

        var pair = models.Trained;
        var problem = pair.Onnx.Problem;
        var inputs = ExportedModels.AdditionInputs(14);
        var greedy = pair.Onnx.DecodeGreedy([.. inputs.Select(i => Tokenization.MathTokenizer.Frame(problem.EncodeInput(pair.Onnx.Tokenizer, i)))]);
        var expected = inputs.Zip(greedy, (input, ids) => (Text: problem.FormatInput(input), Answer: problem.ParseAnswer(pair.Onnx.Tokenizer, ids))).ToList();
        string[] invalid = ["-3+4", "1+2+3", "7"];

        var start = new ProcessStartInfo(node!) { WorkingDirectory = sample, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "predict.js", pair.ExportDirectory }.Concat(expected.Select(e => e.Text)).Concat(invalid)) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        string[] lines = (await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, await stderr);

        Assert.Equal(expected.Count + invalid.Length, lines.Length);
        int compared = 0;
        for (int i = 0; i < expected.Count; i++)
        {
            // A malformed greedy output (e.g. a leading zero) has no answer in .NET; the sample does not re-check spelling.
            if (expected[i].Answer is not long[] answer) continue;
            Assert.Equal($"{expected[i].Text} -> {problem.FormatAnswer(answer)}", lines[i]);
            compared++;
        }
        Assert.True(compared > expected.Count / 2, $"only {compared} of {expected.Count} greedy outputs were well-formed");
        Assert.All(lines[expected.Count..], l => Assert.Contains(": error: ", l, StringComparison.Ordinal));
    }
}
