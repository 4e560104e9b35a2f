using System.Globalization;
using NeuralMath.Configuration;
using NeuralMath.Data;
using NeuralMath.Model;
using NeuralMath.Problems;
using NeuralMath.Tokenization;

namespace NeuralMath.Training;

/// <summary>
/// Roughly how much memory a training run needs, worked out from its config before anything large is allocated, so
/// that a setting far beyond the machine is refused by name instead of ending in an out-of-memory crash (or a machine
/// swapping for an hour). Rough on purpose: it catches settings that are orders of magnitude too large.
/// </summary>
internal static class MemoryEstimate
{
    // Per example, besides its tokens: three array headers (input, source, target), their references, the batcher's
    // lengths and indices, and slack. Measured: 270 bytes per example of 21 tokens for factorization below 2^21.
    private const double ExampleOverheadBytes = 192;

    // Inputs at the top of the range encode longest, so a small sample there bounds the average length from above.
    private const int SampleValues = 16;

    /// <summary>
    /// Throws <see cref="ArgumentOutOfRangeException"/> naming the setting that needs the most memory when the run
    /// needs more than <paramref name="availableBytes"/>. <paramref name="trainInputs"/> and
    /// <paramref name="validationInputs"/> are the counts of inputs given instead of the config's splits (null: the
    /// splits); <paramref name="modelInHostMemory"/> is false when the model lives on a GPU.
    /// </summary>
    public static void Check(RunConfig config, MathProblem problem, MathTokenizer tokenizer, int? trainInputs, int? validationInputs,
        bool finalEvaluation, bool modelInHostMemory, long availableBytes)
    {
        var p = config.Problem;
        var t = config.Training;
        var m = config.Model;
        double inRange = problem.InRangeCount(p.Max);
        double train = trainInputs ?? inRange * (1 - p.ValidationFraction - p.TestFraction);
        double evaluated = (validationInputs ?? inRange * p.ValidationFraction) + (finalEvaluation ? inRange * p.TestFraction : 0);
        double outOfSample = finalEvaluation ? problem.OutOfSampleCount(p.Max, p.OutOfSample) : 0;
        var (sourceLength, targetLength, inputLength) = SampleLengths(problem, tokenizer, p.Max);
        double perExample = ExampleOverheadBytes + 8 * inputLength + 4 * (sourceLength + targetLength);
        double parameters = Parameters(m, tokenizer.Vocabulary.Size);
        double batch = Math.Min(t.BatchSize, Math.Max(train, 1));
        string modelSetting = m.FeedForwardDim > 2 * m.ModelDim ? "model.feedForwardDim" : "model.modelDim"; // the larger matrices
        var parts = new (string Setting, double Bytes, string What)[]
        {
            ("problem.max", (train + evaluated) * perExample, Invariant($"problem.max={p.Max} gives {inRange:N0} inputs")),
            ("problem.outOfSample", outOfSample * perExample, Invariant($"problem.outOfSample={p.OutOfSample} gives {outOfSample:N0} out-of-sample inputs")),
            ("problem.name", problem.LabelMemoryBytes(p.Max), Invariant($"problem.name={p.Name} labels with a table")),
            // Weights, gradients and AdamW's two moments, four bytes each.
            (modelSetting, modelInHostMemory ? 16.0 * parameters : 0,
                Invariant($"the model (model.modelDim={m.ModelDim}, model.feedForwardDim={m.FeedForwardDim}, {m.EncoderLayers}+{m.DecoderLayers} layers) has {parameters:N0} parameters")),
            ("training.batchSize", modelInHostMemory ? ActivationBytes(m, tokenizer.Vocabulary.Size, batch, sourceLength, targetLength) : 0,
                Invariant($"a batch of training.batchSize={t.BatchSize} needs its activations")),
        };
        double total = parts.Sum(x => x.Bytes);
        if (availableBytes > 0 && total > availableBytes) // 0: the runtime could not tell
        {
            var worst = parts.MaxBy(x => x.Bytes);
            throw new ArgumentOutOfRangeException(worst.Setting,
                $"Not enough memory: {worst.What}, about {Size(worst.Bytes)} (the whole run about {Size(total)}), but this machine has {Size(availableBytes)}. Lower {worst.Setting}.");
        }
        if (train > Array.MaxLength)
            throw new ArgumentOutOfRangeException("problem.max", Invariant($"problem.max={p.Max} gives about {train:N0} training inputs; at most {Array.MaxLength:N0} fit in one dataset. Lower problem.max."));
    }

    /// <summary>
    /// Trainable parameters of the model <paramref name="options"/> describe, without building it; equals
    /// <see cref="Seq2SeqModel.ParameterCount"/> (in floating point, so absurd settings cannot overflow).
    /// </summary>
    public static double Parameters(ModelOptions options, int vocabularySize)
    {
        double d = options.ModelDim, f = options.FeedForwardDim, v = vocabularySize;
        bool relative = options.Positions == PositionEncoding.Relative;
        double attention = 4 * d * d + d;                                   // q, k, v, out (+ out bias)
        double selfAttention = attention + (relative ? d * d + 2 * d : 0);  // + W_r, u, v
        double feedForward = 2 * d * f + f + d;
        double norm = 2 * d;
        double encoderLayer = selfAttention + feedForward + 2 * norm;
        double decoderLayer = (options.DecoderSelfAttention ? selfAttention + norm : 0) + attention + feedForward + 2 * norm;
        return v * d * (options.SharedEmbeddings ? 1 : 2)
            + (options.Positions == PositionEncoding.Learned ? options.MaxPositions * d : 0)
            + (options.Positions == PositionEncoding.PerNumber ? (options.MaxPositions + options.MaxPositionOffset + 1.0) * d : 0)
            + options.EncoderLayers * encoderLayer + options.DecoderLayers * decoderLayer
            + (options.Norm == NormPlacement.Pre ? 2 * norm : 0)
            + d * v + v; // output head
    }

    // What one micro-batch keeps for the backward pass (projections, residuals, norms, dropout masks, attention
    // scores and probabilities, logits), doubled for the gradients flowing back through it.
    private static double ActivationBytes(ModelOptions m, int vocabularySize, double batch, double source, double target)
    {
        double d = m.ModelDim, f = m.FeedForwardDim, h = m.Heads;
        double encoder = m.EncoderLayers * batch * (source * (12 * d + 2 * f) + 4 * h * source * source);
        double decoder = m.DecoderLayers * batch * (target * (20 * d + 2 * f) + 4 * h * target * (target + source));
        double head = 3 * batch * target * vocabularySize;
        return 2 * 4 * (encoder + decoder + head);
    }

    private static (double Source, double Target, int Input) SampleLengths(MathProblem problem, MathTokenizer tokenizer, long max)
    {
        var sample = EncodedDataset.Build(problem, tokenizer, problem.Range(Math.Max(0, max - SampleValues), max - 1).Take(SampleValues * SampleValues));
        if (sample.Count == 0) return (0, 0, 0);
        return (sample.Sources.Average(s => s.Length), sample.Targets.Average(s => s.Length), sample.Inputs[0].Length);
    }

    private static string Size(double bytes)
    {
        string[] units = ["bytes", "KB", "MB", "GB", "TB", "PB", "EB"];
        int unit = 0;
        for (; bytes >= 1024 && unit < units.Length - 1; unit++) bytes /= 1024;
        return Invariant($"{bytes:0.#} {units[unit]}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
