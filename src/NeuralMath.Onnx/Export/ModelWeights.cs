using NeuralMath.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralMath.Onnx.Export;

/// <summary>
/// The model's parameters and buffers as float32 arrays on the CPU, read from its state dict by name, with a
/// record of which names were used so an export that would silently drop a parameter is refused.
/// </summary>
internal sealed class ModelWeights
{
    private readonly Dictionary<string, Tensor> _state;
    private readonly HashSet<string> _used = [];

    public ModelWeights(Seq2SeqModel model)
    {
        _state = model.state_dict();
    }

    public bool Has(string name) => _state.ContainsKey(name);

    /// <summary>A tensor's values and shape.</summary>
    public (float[] Data, long[] Dims) Get(string name) => Read(Tensor(name));

    /// <summary>A linear layer's weight [out, in] transposed to [in, out], the layout MatMul wants.</summary>
    public (float[] Data, long[] Dims) Transposed(string name)
    {
        using var t = Tensor(name).t();
        return Read(t);
    }

    /// <summary>
    /// Transformer-XL's W_r R for every relative offset −(P−1)..P−1 as [H, dh, 2P − 1]: the same product the
    /// model computes on the fly (on a slice of offsets), done once here because both factors are constants.
    /// </summary>
    public (float[] Data, long[] Dims) RelativeKeys(string attentionPrefix, int heads)
    {
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        return Read(ProjectedOffsets(attentionPrefix, heads).permute(1, 2, 0));
    }

    /// <summary>
    /// The causal half of <see cref="RelativeKeys"/> for a decoder step, offsets P−1 down to 0 as [H, P, dh]: a
    /// query at position p attends keys 0..p at offsets p..0, which are then the contiguous rows P−1−p..P−1,
    /// so the step slices them in key order and needs no per-(i, j) gather.
    /// </summary>
    public (float[] Data, long[] Dims) CausalRelativeKeys(string attentionPrefix, int heads)
    {
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var offsets = ProjectedOffsets(attentionPrefix, heads);                  // [2P − 1, H, dh], offset −(P−1) first
        long positions = (offsets.shape[0] + 1) / 2;
        return Read(offsets.narrow(0, positions - 1, positions).flip(0).permute(1, 0, 2));
    }

    /// <summary>W_r R per offset, split into heads: [2P − 1, H, dh]. Call inside a dispose scope and inference mode.</summary>
    private Tensor ProjectedOffsets(string attentionPrefix, int heads)
    {
        var table = Tensor("rel_table");
        long count = table.shape[0], d = table.shape[1];
        return nn.functional.linear(table, Tensor(attentionPrefix + "w_r.weight")).view(count, heads, d / heads);
    }

    /// <summary>State-dict entries no graph read: a model part this exporter does not know.</summary>
    public IEnumerable<string> Unused => _state.Keys.Where(k => !_used.Contains(k));

    private Tensor Tensor(string name)
    {
        if (!_state.TryGetValue(name, out var t))
            throw new NotSupportedException($"ONNX export: the model has no '{name}'; this exporter does not match the model code.");
        _used.Add(name);
        return t;
    }

    private static (float[] Data, long[] Dims) Read(Tensor t)
    {
        using var cpu = t.detach().to(ScalarType.Float32).cpu().contiguous();
        return (cpu.data<float>().ToArray(), cpu.shape);
    }
}
