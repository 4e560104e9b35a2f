using NeuralMath.Configuration;
using NeuralMath.Data;
using NeuralMath.Model;
using NeuralMath.Tokenization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralMath.Training;

/// <summary>
/// The work of one optimizer step, shared by <see cref="Trainer"/> and the benchmark (so both time the same code):
/// the optimizer, the accumulated teacher-forced gradients and the clipped update.
/// </summary>
internal static class TrainingStep
{
    /// <summary>
    /// AdamW with weight decay on weight matrices only (not on norms, biases or embeddings), or on every parameter with
    /// <see cref="TrainingOptions.DecayAllParameters"/>.
    /// </summary>
    public static AdamW CreateOptimizer(Seq2SeqModel model, TrainingOptions training)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(training);
        var (decay, noDecay) = model.ParameterGroups();
        if (training.DecayAllParameters) (decay, noDecay) = ([.. decay, .. noDecay], []);
        return StableAdamW.Create(
        [
            new AdamW.ParamGroup(decay, training.LearningRate, training.Beta1, training.Beta2, 1e-8, training.WeightDecay, false, false),
            new AdamW.ParamGroup(noDecay, training.LearningRate, training.Beta1, training.Beta2, 1e-8, 0.0, false, false),
        ], training.LearningRate);
    }

    /// <summary>Real target tokens the loss is taken over (each target without its <c>[SOS]</c>).</summary>
    public static long TargetTokens(EncodedDataset data, IReadOnlyList<int[]> batches)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(batches);
        return batches.Sum(b => b.Sum(i => (long)data.Targets[i].Length - 1));
    }

    /// <summary>
    /// Zeroes the gradients, then runs forward and backward over every micro-batch, each loss divided by the step's
    /// <paramref name="tokens"/>. Returns the step's loss per target token; the optimizer has not stepped yet.
    /// </summary>
    /// <remarks>
    /// An empty micro-batch (a data-parallel rank's share of a batch smaller than the job) runs a pass over example 0
    /// with weight zero: every rank then holds a gradient for the same parameters, which the gradient sum relies on.
    /// </remarks>
    public static double AccumulateGradients(Seq2SeqModel model, OptimizerHelper optimizer, EncodedDataset data, IReadOnlyList<int[]> batches, long tokens, Device device, double labelSmoothing = 0)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(batches);
        double lossSum = 0;
        optimizer.zero_grad();
        foreach (var batch in batches)
        {
            using var scope = NewDisposeScope();
            bool empty = batch.Length == 0;
            var loss = TeacherForcedLoss(model, data, empty ? [0] : batch, device, labelSmoothing);
            if (empty)
            {
                using var zero = 0.0.ToScalar(); // held until the call returns: see StableAdamW
                loss.mul(zero).backward();
                continue;
            }
            using var perToken = ((double)tokens).ToScalar();
            loss.div(perToken).backward();
            lossSum += loss.item<float>();
        }
        return lossSum / tokens;
    }

    /// <summary>Clips the gradient norm (when <paramref name="clipNorm"/> &gt; 0) and applies the optimizer step.</summary>
    public static void Apply(Seq2SeqModel model, OptimizerHelper optimizer, double clipNorm)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        if (clipNorm > 0) nn.utils.clip_grad_norm_(model.parameters(), clipNorm);
        optimizer.step();
    }

    /// <summary>Sum of the cross-entropy over the real (non-pad) target tokens of a batch.</summary>
    internal static Tensor TeacherForcedLoss(Seq2SeqModel model, EncodedDataset data, IReadOnlyList<int> batch, Device device, double labelSmoothing = 0)
    {
        var source = Batching.PadRight(batch.Select(i => data.Sources[i]).ToArray(), device);
        var target = Batching.PadRight(batch.Select(i => data.Targets[i]).ToArray(), device);
        long length = target.shape[1];
        var decoderInput = target.narrow(1, 0, length - 1);
        var expected = target.narrow(1, 1, length - 1);
        var logits = model.forward(source, decoderInput);
        if (logits.dtype != ScalarType.Float32) logits = logits.to(ScalarType.Float32); // a mixed-precision pass: the loss in float32
        return nn.functional.cross_entropy(logits.reshape(-1, model.VocabularySize), expected.reshape(-1),
            ignore_index: Vocabulary.PadId, reduction: nn.Reduction.Sum, label_smoothing: labelSmoothing);
    }
}
