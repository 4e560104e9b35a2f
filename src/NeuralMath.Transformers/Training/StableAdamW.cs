using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralMath.Training;

/// <summary>
/// TorchSharp's AdamW with the same arithmetic in the same order (so results and the saved optimizer state are
/// unchanged), but every number it hands to libtorch is a <see cref="Scalar"/> held in a <c>using</c> until the call
/// returns.
/// </summary>
/// <remarks>
/// Why: TorchSharp 0.107's <c>AdamW.step</c> converts doubles to Scalars implicitly and never disposes them. A Scalar has a
/// finalizer, and once its handle is read the object is unreachable, so a garbage collection during the native call
/// can free the value libtorch is reading. We saw it happen under load in a test run ("Expected false to be true ...
/// Scalar.h toFloat" from <c>AdamW.step</c>); on a long run it would kill training at a random step.
/// The class is named <c>AdamW</c> on purpose: TorchSharp writes the optimizer's type name into its saved state and
/// refuses another name at load, so this name keeps every checkpoint loadable by either optimizer.
/// </remarks>
internal static class StableAdamW
{
    /// <summary>Creates the optimizer.</summary>
    public static AdamW Create(IEnumerable<AdamW.ParamGroup> groups, double lr) => new Stable.AdamW(groups, lr);
}

file static class Stable
{
    public sealed class AdamW(IEnumerable<TorchSharp.Modules.AdamW.ParamGroup> groups, double lr) : TorchSharp.Modules.AdamW(groups, lr)
    {
        /// <inheritdoc />
        public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
        {
            var options = (Options)group.Options;
            double beta1 = options.beta1!.Value, beta2 = options.beta2!.Value, eps = options.eps!.Value;
            double lr = options.LearningRate!.Value, weightDecay = options.weight_decay!.Value;
            using var decay = (1 - lr * weightDecay).ToScalar();
            using var b1 = beta1.ToScalar();
            using var oneMinusB1 = (1 - beta1).ToScalar();
            using var b2 = beta2.ToScalar();
            using var oneMinusB2 = (1 - beta2).ToScalar();
            using var epsilon = eps.ToScalar();
            using var one = 1.0.ToScalar(); // add_(Scalar) alone would pass a temporary alpha the GC may free mid-call
            foreach (var param in group.Parameters)
            {
                var grad = param.grad;
                if (grad is null) continue;
                var state = (State)_state[param.Handle];
                state.step += 1;
                param.mul_(decay);
                double biasCorrection1 = 1 - Math.Pow(beta1, state.step);
                double biasCorrection2 = 1 - Math.Pow(beta2, state.step);
                state.exp_avg.mul_(b1).add_(grad, alpha: oneMinusB1);
                state.exp_avg_sq.mul_(b2).addcmul_(grad, grad, value: oneMinusB2);
                using var rootCorrection2 = Math.Sqrt(biasCorrection2).ToScalar();
                using var denominator = state.exp_avg_sq.sqrt().div_(rootCorrection2).add_(epsilon, one);
                using var stepSize = (-lr / biasCorrection1).ToScalar();
                param.addcdiv_(state.exp_avg, denominator, value: stepSize);
            }
        }, closure);
    }
}
