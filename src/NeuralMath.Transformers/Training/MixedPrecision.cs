using NeuralMath.Model;
using NeuralMath.Tokenization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralMath.Training;

/// <summary>The number format of a training step's forward and backward passes.</summary>
public enum TrainingPrecision
{
    /// <summary>Everything in float32.</summary>
    Float32,

    /// <summary>
    /// Forward and backward in bfloat16 (<see cref="MixedPrecision"/>); weights, optimizer moments, clipping, the
    /// gradient allreduce, validation and saved models stay float32.
    /// </summary>
    Bfloat16,
}

/// <summary>
/// bfloat16 mixed precision: forward and backward run on a bfloat16 copy of the model, and the float32 model (the
/// "master weights" of Micikevicius et al. 2018) receives its gradients, takes the optimizer step and is copied back.
/// bfloat16 keeps float32's exponent range, so no loss scaling is needed; it keeps 8 significant bits (7 stored), which is why
/// the weights themselves (and the small updates added to them) stay float32.
/// </summary>
/// <remarks>
/// Without autocast in TorchSharp, the copy runs every operation in bfloat16, norms and softmax included (libtorch
/// accumulates their sums in float32 on CPU); the loss is taken on float32 logits. On CPUs with AVX512-BF16 (and GPUs
/// from Ampere on) bfloat16 matrix products run several times as fast as float32 (3.3× at this model's shapes on an AMD EPYC;
/// docs/benchmarks.md).
/// </remarks>
internal sealed class MixedPrecision : IDisposable
{
    private readonly (Parameter Master, Parameter Working)[] _pairs;

    private MixedPrecision(Seq2SeqModel master, MathTokenizer tokenizer, Device device)
    {
        Working = new Seq2SeqModel(master.Options, tokenizer);
        Working.to(device);
        Working.to(ScalarType.BFloat16);
        Working.train();
        var working = Working.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        _pairs = master.named_parameters().Select(x => (x.parameter, working[x.name])).ToArray();
        WeightsFromMaster();
    }

    /// <summary>The mixed-precision helper <paramref name="precision"/> asks for, or null for float32.</summary>
    public static MixedPrecision? For(TrainingPrecision precision, Seq2SeqModel master, MathTokenizer tokenizer, Device device) =>
        precision == TrainingPrecision.Bfloat16 ? new MixedPrecision(master, tokenizer, device) : null;

    /// <summary>The bfloat16 copy the forward and backward passes run on (always in training mode).</summary>
    public Seq2SeqModel Working { get; }

    /// <summary>Hands the working copy's gradients to the master weights as float32 and clears the copy's.</summary>
    public void GradientsToMaster()
    {
        using var noGrad = no_grad();
        foreach (var (master, working) in _pairs)
        {
            using var grad = working.grad;
            if (grad is null) continue;
            using var grad32 = grad.to(ScalarType.Float32);
            master.grad = grad32;
            working.grad = null;
        }
    }

    /// <summary>Copies the master weights into the working copy (after every optimizer step).</summary>
    public void WeightsFromMaster()
    {
        using var noGrad = no_grad();
        foreach (var (master, working) in _pairs) working.copy_(master);
    }

    public void Dispose() => Working.Dispose();
}
