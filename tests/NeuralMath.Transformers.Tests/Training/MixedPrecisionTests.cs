using NeuralMath.Artifacts;
using NeuralMath.Data;
using NeuralMath.Decoding;
using NeuralMath.Evaluation;
using NeuralMath.Model;
using NeuralMath.Runtime;
using NeuralMath.Tokenization;
using NeuralMath.Training;
using static TorchSharp.torch;

namespace NeuralMath.Tests.Training;

[Collection(TorchRandomCollection.Name)]
public sealed class MixedPrecisionTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nm-bf16-" + Guid.NewGuid().ToString("N"));

    private static Seq2SeqModel Tiny(MathTokenizer tokenizer)
    {
        TorchRuntime.EnsureLoaded();
        TorchRandom.Seed(11);
        var model = new Seq2SeqModel(new ModelOptions
        {
            ModelDim = 32,
            Heads = 4,
            EncoderLayers = 2,
            DecoderLayers = 2,
            FeedForwardDim = 64,
            Dropout = 0,
            MaxPositions = 12,
        }, tokenizer);
        model.train();
        return model;
    }

    [Fact]
    public void Bfloat16Gradients_ReachTheFloat32Weights_CloseToFloat32Gradients()
    {
        var tokenizer = new MathTokenizer(10, DigitOrder.MostSignificantFirst, ["+"]);
        using var exact = Tiny(tokenizer);
        using var master = Tiny(tokenizer);
        using var mixed = MixedPrecision.For(TrainingPrecision.Bfloat16, master, tokenizer, CPU)!;
        Assert.Null(MixedPrecision.For(TrainingPrecision.Float32, master, tokenizer, CPU));
        using var source = tensor(new long[,] { { 1, 5, 6, 4, 7, 2 }, { 1, 8, 4, 9, 9, 2 } });
        using var target = tensor(new long[,] { { 1, 5, 13, 2 }, { 1, 13, 12, 2 } });
        foreach (var model in new[] { exact, mixed.Working })
        {
            using var logits = model.forward(source, target.narrow(1, 0, 3));
            Assert.Equal(model == exact ? ScalarType.Float32 : ScalarType.BFloat16, logits.dtype);
            using var loss = nn.functional.cross_entropy(logits.to(ScalarType.Float32).reshape(-1, logits.shape[2]), target.narrow(1, 1, 3).reshape(-1));
            loss.backward();
        }
        mixed.GradientsToMaster();

        var exactGrads = exact.parameters().Select(p => p.grad!.reshape(-1)).ToList();
        var mixedGrads = master.parameters().Select(p => p.grad!).ToList();
        Assert.All(mixedGrads, g => Assert.Equal(ScalarType.Float32, g.dtype));
        Assert.All(mixed.Working.parameters(), p => Assert.Null(p.grad)); // handed over, not summed into the next step
        using var a = cat(exactGrads, 0);
        using var b = cat(mixedGrads.Select(g => g.reshape(-1)).ToList(), 0);
        double relative = (a - b).norm().item<float>() / a.norm().item<float>();
        Assert.True(relative < 0.05, $"bfloat16 gradients differ from float32 by {relative:P1} of their norm");
    }

    [Fact]
    public void AfterAnOptimizerStep_TheWorkingCopyHoldsTheMasterWeightsInBfloat16()
    {
        var tokenizer = new MathTokenizer(10, DigitOrder.MostSignificantFirst, ["+"]);
        using var master = Tiny(tokenizer);
        using var mixed = MixedPrecision.For(TrainingPrecision.Bfloat16, master, tokenizer, CPU)!;
        using (no_grad()) foreach (var p in master.parameters()) p.add_(0.01);
        mixed.WeightsFromMaster();
        var working = mixed.Working.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        foreach (var (name, p) in master.named_parameters())
        {
            Assert.Equal(ScalarType.BFloat16, working[name].dtype);
            using var rounded = p.to(ScalarType.BFloat16);
            Assert.True(working[name].eq(rounded).all().item<bool>(), name);
        }
    }

    [Fact]
    public void AShortBfloat16Run_LearnsTinyAddition()
    {
        var config = TrainerTests.TinyAddition(300);
        config.Training.Precision = TrainingPrecision.Bfloat16;
        var trainer = new Trainer(config, _dir);
        trainer.Run(finalEvaluation: false);
        Assert.True(trainer.Losses[^1] < trainer.Losses[0] / 10, $"loss {trainer.Losses[0]} -> {trainer.Losses[^1]}");

        using var model = ModelArtifact.Load(Path.Combine(_dir, "model.nmm"), "cpu");
        Assert.All(model.Model.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype)); // saved from the float32 weights
        var p = model.Config.Problem;
        var seen = ProblemData.Inputs(model.Problem, p.Max, new SplitRule(p.SplitSeed, p.ValidationFraction, p.TestFraction), DataSplit.Train, 0).ToArray();
        var predictions = new Predictor(model.Problem, model.Tokenizer, new TorchStepDecoder(model.Model, model.Device)).Predict(seen, new BeamSearchOptions());
        double accuracy = predictions.Count(x => x.Beams[0].Verdict.Correct) / (double)seen.Length;
        Assert.True(accuracy >= 0.9, $"training-set accuracy {accuracy} over {seen.Length} inputs");
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
