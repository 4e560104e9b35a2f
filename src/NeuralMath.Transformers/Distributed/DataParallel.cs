using NeuralMath.Model;
using static TorchSharp.torch;

namespace NeuralMath.Distributed;

/// <summary>
/// Data-parallel training over a <see cref="Communicator"/>: every rank takes its contiguous share of each global
/// micro-batch, and after backward the ranks sum their gradients (and their share of the loss) in one allreduce over a
/// flat buffer. Each share's loss is divided by the global batch's target tokens, so the sum is exactly the gradient
/// one process computes for the whole batch: results do not depend on the number of ranks, up to float rounding.
/// </summary>
internal sealed class DataParallel(Communicator world)
{
    private float[] _buffer = [];

    public Communicator World { get; } = world;

    /// <summary>Seconds this process has spent in the gradient allreduce (waiting for slower ranks included).</summary>
    public double AllreduceSeconds { get; private set; }

    /// <summary>Bytes each rank contributes to one gradient allreduce (0 before the first).</summary>
    public long AllreduceBytes => _buffer.Length * sizeof(float);

    /// <summary>
    /// This rank's share of <paramref name="batch"/>: rank r of N gets the examples [len·r/N, len·(r+1)/N). A batch
    /// smaller than the job leaves some ranks an empty share (see <see cref="Training.TrainingStep.AccumulateGradients"/>).
    /// </summary>
    public int[] Share(int[] batch) => World.Size == 1
        ? batch
        : batch[(batch.Length * World.Rank / World.Size)..(batch.Length * (World.Rank + 1) / World.Size)];

    /// <summary>
    /// Sums every parameter's gradient and <paramref name="localLoss"/> over the ranks; returns the step's loss and
    /// whether any rank asked to <paramref name="stop"/> (so that all stop after the same step). Every parameter the
    /// forward pass uses must have a gradient on every rank (an empty share runs a zero-weight pass).
    /// </summary>
    public (double Loss, bool Stop) SumGradients(Seq2SeqModel model, double localLoss, bool stop)
    {
        if (World.Size == 1) return (localLoss, stop);
        var withGradients = model.parameters().Where(p => p.grad is not null).ToArray();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // The gradients, the loss and the stop votes travel in one float32 buffer (float32 whatever the device).
        var flat = cat(withGradients.Select(p => p.grad!.reshape(-1).to(float32, CPU)).ToList(), 0).contiguous();
        int count = (int)flat.numel();
        if (_buffer.Length != count + 2) _buffer = new float[count + 2];
        using (var read = flat.data<float>()) read.CopyTo(_buffer);
        _buffer[count] = (float)localLoss;
        _buffer[count + 1] = stop ? 1 : 0;

        var clock = System.Diagnostics.Stopwatch.StartNew();
        World.Sum(_buffer);
        AllreduceSeconds += clock.Elapsed.TotalSeconds;

        using (var write = flat.data<float>()) write.CopyFrom(_buffer);
        long offset = 0;
        foreach (var p in withGradients)
        {
            var grad = p.grad!;
            grad.copy_(flat.narrow(0, offset, grad.numel()).view_as(grad));
            offset += grad.numel();
        }
        return (_buffer[count], _buffer[count + 1] > 0);
    }

    /// <summary>Copies rank 0's parameters into every rank (after initialisation or a resume), so all ranks start equal.</summary>
    public void BroadcastParameters(Seq2SeqModel model)
    {
        if (World.Size == 1) return;
        var parameters = model.parameters().ToArray();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var flat = cat(parameters.Select(p => p.detach().reshape(-1).to(float32, CPU)).ToList(), 0).contiguous();
        var buffer = new float[flat.numel()];
        using (var read = flat.data<float>()) read.CopyTo(buffer);
        World.Broadcast(buffer);
        using (var write = flat.data<float>()) write.CopyFrom(buffer);
        long offset = 0;
        foreach (var p in parameters)
        {
            p.copy_(flat.narrow(0, offset, p.numel()).view_as(p));
            offset += p.numel();
        }
    }
}
