using Microsoft.ML.OnnxRuntime;
using NeuralMath.Decoding;
using NeuralMath.Tokenization;
using static TorchSharp.torch;

namespace NeuralMath.Onnx.Tests;

/// <summary>Every exported graph computes what the TorchSharp model computes, for every architecture variant.</summary>
[Collection(ExportedModelsCollection.Name)]
public sealed class ParityTests(ExportedModels models)
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string> AllModels() => [.. ExportedModels.Variants.Keys, "trained"];

    [Theory]
    [MemberData(nameof(AllModels))]
    public void EncoderGraph_MatchesTorchEncode(string name)
    {
        var pair = Get(name);
        var sources = Sources(pair, 40);
        var (ids, shape) = OnnxStepDecoder.PadRight(sources);
        using var session = new InferenceSession(Path.Combine(pair.ExportDirectory, "encoder.onnx"));
        using var input = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["input_ids"], [input], ["memory", "memory_mask"]);

        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var (memory, mask) = pair.Torch.Encode(tensor(ids, shape));
        AssertClose(memory.data<float>().ToArray(), outputs[0].GetTensorDataAsSpan<float>().ToArray(), "memory");
        Assert.Equal(mask.shape, outputs[1].GetTensorTypeAndShape().Shape);
        Assert.Equal(mask.data<float>().ToArray(), outputs[1].GetTensorDataAsSpan<float>().ToArray());
    }

    [Theory]
    [MemberData(nameof(AllModels))]
    public void DecoderSteps_OverAWholeSequence_WithReordering_MatchTorchLogits(string name)
    {
        var pair = Get(name);
        var sources = Sources(pair, 24);
        var torchDecoder = new TorchStepDecoder(pair.Torch, CPU);
        using var expected = torchDecoder.Start(sources);
        using var actual = pair.Onnx.StepDecoder.Start(sources);
        int vocab = pair.Onnx.StepDecoder.VocabularySize, rows = sources.Length;
        var random = new Random(7);
        var tokens = Enumerable.Repeat(Vocabulary.StartId, rows).ToArray();
        var rowInputs = Enumerable.Range(0, rows).ToArray();
        int RowOfSameInput(int row)
        {
            var same = Enumerable.Range(0, rows).Where(j => rowInputs[j] == rowInputs[row]).ToArray();
            return same[random.Next(same.Length)];
        }
        double worst = 0;
        // Every position the model has; the rows are shuffled (repeated, dropped) between steps as beam search does.
        for (int step = 0; step < pair.Onnx.StepDecoder.MaxTargetLength; step++)
        {
            var a = new float[rows * vocab];
            var b = new float[rows * vocab];
            expected.Step(tokens, a);
            actual.Step(tokens, b);
            worst = Math.Max(worst, AssertClose(a, b, $"step {step}"));
            if (step == pair.Onnx.StepDecoder.MaxTargetLength - 1) break;
            // Alternately a shuffle that moves rows between inputs and one that keeps every row's input (each row takes
            // the hypothesis of a row of its own input), as beam search does; the second reorders only the caches.
            bool keep = step % 2 == 1;
            var order = Enumerable.Range(0, rows).Select(i => keep ? RowOfSameInput(i) : random.Next(rows)).ToArray();
            bool inputsUnchanged = order.Select((r, i) => rowInputs[r] == rowInputs[i]).All(same => same);
            Assert.True(inputsUnchanged || !keep);
            expected.Reorder(order, inputsUnchanged);
            actual.Reorder(order, inputsUnchanged);
            rowInputs = order.Select(r => rowInputs[r]).ToArray();
            tokens = Enumerable.Range(0, rows).Select(_ => random.Next(3, vocab)).ToArray();
        }
        TestContext.Current.SendDiagnosticMessage($"{name}: max |logit diff| over {pair.Onnx.StepDecoder.MaxTargetLength} steps = {worst:G3}");
    }

    [Theory]
    [MemberData(nameof(AllModels))]
    public void GreedyGraph_EqualsTorchGreedyDecoding(string name)
    {
        var pair = Get(name);
        var sources = Sources(pair, 289);
        var expected = Argmax(new TorchStepDecoder(pair.Torch, CPU), sources);
        var actual = pair.Onnx.DecodeGreedy(sources);
        for (int i = 0; i < sources.Length; i++)
            Assert.True(expected[i].SequenceEqual(actual[i]),
                $"input {string.Join(' ', sources[i])}: torch {string.Join(' ', expected[i])} vs onnx {string.Join(' ', actual[i])}");
    }

    /// <summary>
    /// Plain greedy decoding: the most likely token ([PAD] and [SOS] excluded) at every step, until [EOS] or the last
    /// position. Not BeamSearch with one beam, which may return an [EOS] completion seen along the way instead.
    /// </summary>
    private static int[][] Argmax(IStepDecoder decoder, int[][] sources)
    {
        int vocab = decoder.VocabularySize;
        var outputs = sources.Select(_ => new List<int>()).ToArray();
        var tokens = Enumerable.Repeat(Vocabulary.StartId, sources.Length).ToArray();
        var logits = new float[sources.Length * vocab];
        using var session = decoder.Start(sources);
        for (int step = 0; step < decoder.MaxTargetLength - 1 && outputs.Any(o => o.LastOrDefault() != Vocabulary.EndId); step++)
        {
            session.Step(tokens, logits);
            for (int r = 0; r < sources.Length; r++)
            {
                if (outputs[r].LastOrDefault() == Vocabulary.EndId) continue; // finished rows keep stepping, ignored
                var row = logits.AsSpan(r * vocab, vocab);
                int best = Vocabulary.EndId;
                for (int w = 0; w < vocab; w++)
                    if (w != Vocabulary.PadId && w != Vocabulary.StartId && row[w] > row[best]) best = w;
                outputs[r].Add(best);
                tokens[r] = best;
            }
        }
        return [.. outputs.Select(o => o.ToArray())];
    }

    private ModelPair Get(string name) => name == "trained" ? models.Trained : models[name];

    /// <summary>Framed sources of addition inputs of mixed lengths (so batches are padded), at most <paramref name="count"/>.</summary>
    internal static int[][] Sources(ModelPair pair, int count) =>
        [.. ExportedModels.AdditionInputs(17).Take(count).Select(i => MathTokenizer.Frame(pair.Onnx.Problem.EncodeInput(pair.Onnx.Tokenizer, i)))];

    private static double AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double diff = Math.Abs(expected[i] - actual[i]);
            if (!(diff <= Tolerance)) Assert.Fail($"{what}: element {i} torch {expected[i]} vs onnx {actual[i]} (diff {diff})");
            worst = Math.Max(worst, diff);
        }
        return worst;
    }
}
