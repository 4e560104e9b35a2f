using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NeuralMath.Artifacts;
using NeuralMath.Decoding;
using NeuralMath.Evaluation;
using NeuralMath.Onnx;
using NeuralMath.Problems;

namespace NeuralMath.Cli.Commands;

/// <summary>
/// <c>neuralmath predict</c>: answers inputs given as arguments or on standard input, one output line per input, in
/// order, echoing the input as given. An input the model cannot take gets its own error line; the others are still
/// answered.
/// </summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model", "-m") { Description = "Model file (model.nmm)." };
        var onnx = new Option<string?>("--onnx") { Description = "ONNX export folder (from `neuralmath export`), run with ONNX Runtime instead of TorchSharp." };
        var beams = new Option<int>("--beams", "-k") { Description = "Beams per input.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "One JSON object per input and line." };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var task = new Option<string?>("--problem", "-p")
        {
            Description = "The task of every input, for a multitask model (e.g. --problem gcd 12,18); without it each input names its task: gcd:12,18.",
        };
        var inputs = new Argument<string[]>("inputs")
        {
            Description = "Inputs, written as the model's problem reads them (e.g. 91, 45+202, 12*34, gcd(12,18)); for a multitask model prefixed with the task (gcd:12,18) unless --problem names it. When none are given, each line of standard input is one. "
                + "Put inputs that start with '-' after --, e.g. predict -m model.nmm -- -5.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("predict", "Answer problems with a trained model.") { model, onnx, beams, json, device, task, inputs };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            int k = parse.GetValue(beams);
            if (k < 1) throw new ArgumentException("--beams must be at least 1.");
            string? modelPath = parse.GetValue(model), onnxPath = parse.GetValue(onnx);
            if ((modelPath is null) == (onnxPath is null)) throw new ArgumentException("Give exactly one of --model (a model.nmm file) and --onnx (an export folder).");
            IReadOnlyList<string> texts = parse.GetValue(inputs) is { Length: > 0 } given ? given : InputLines.Read(Console.OpenStandardInput());
            using var exported = onnxPath is null ? null : OnnxModel.Load(onnxPath, OnnxModelOptions.FromDevice(parse.GetValue(device)!));
            using var artifact = modelPath is null ? null : ModelArtifact.Load(modelPath, parse.GetValue(device)!);
            var predictor = exported?.CreatePredictor() ?? new Predictor(artifact!.Problem, artifact.Tokenizer, new TorchStepDecoder(artifact.Model, artifact.Device));
            string? taskName = parse.GetValue(task);
            if (taskName is not null && ProblemInput.CheckTask(predictor.Problem, taskName) is string wrong) throw new ArgumentException($"--problem: {wrong}");
            foreach (var line in Answer(predictor, texts, k, taskName)) Console.WriteLine(parse.GetValue(json) ? line.ToJsonString(EvaluationJson.Options) : Describe(line));
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// One JSON object per input text, in order: answered (with the input's <c>normalized</c> form), or with an
    /// <c>error</c>. <c>input</c> is always the text exactly as given.
    /// </summary>
    internal static IEnumerable<JsonObject> Answer(Predictor predictor, IReadOnlyList<string> texts, int beams, string? task = null)
    {
        var problem = predictor.Problem;
        var parsed = new long[texts.Count][];
        var errors = new string?[texts.Count];
        for (int i = 0; i < texts.Count; i++)
        {
            if (InputText.Trim(texts[i]).Length == 0) errors[i] = "empty input.";
            else if (!ProblemInput.TryParse(problem, task, texts[i], out parsed[i], out var error)) errors[i] = error;
            else if (predictor.TryEncode(parsed[i], out error) is null) errors[i] = error;
        }
        var valid = Enumerable.Range(0, texts.Count).Where(i => errors[i] is null).ToArray();
        var predictions = predictor.Predict(valid.Select(i => parsed[i]).ToArray(), new BeamSearchOptions { Beams = beams });
        var byIndex = valid.Zip(predictions).ToDictionary(x => x.First, x => x.Second);
        for (int i = 0; i < texts.Count; i++)
        {
            if (errors[i] is string e)
            {
                yield return new JsonObject { ["input"] = texts[i], ["error"] = e };
                continue;
            }
            var p = byIndex[i];
            yield return new JsonObject
            {
                ["input"] = texts[i],
                ["normalized"] = problem.FormatInput(p.Input),
                ["beams"] = new JsonArray(p.Beams.Select(b => (JsonNode)new JsonObject
                {
                    ["text"] = predictor.Tokenizer.Vocabulary.Render(b.Hypothesis.Tokens),
                    ["logProb"] = Math.Round(b.Hypothesis.LogProbability, 6),
                    ["finished"] = b.Hypothesis.Finished,
                    ["answer"] = b.Answer is null ? null : problem.FormatAnswer(b.Answer),
                    ["verified"] = b.Verdict.Correct,
                }).ToArray()),
                ["best"] = p.Best is null ? null : problem.FormatAnswer(p.Best),
                ["verified"] = p.Verified is null ? null : problem.FormatAnswer(p.Verified),
            };
        }
    }

    /// <summary>One plain line: the input as given (control characters as \uXXXX, so it stays one line), then the answer or error.</summary>
    private static string Describe(JsonObject line)
    {
        string input = InputText.Printable((string)line["input"]!);
        if (line["error"] is JsonNode error) return $"{input}: error: {error}";
        var verified = line["verified"]?.ToString();
        var best = line["best"]?.ToString() ?? "(no answer)";
        string note = verified is null ? "not verified" : verified == best ? "verified" : $"top beam wrong; verified answer {verified}";
        return string.Create(CultureInfo.InvariantCulture, $"{input} -> {best}  ({note})");
    }
}
