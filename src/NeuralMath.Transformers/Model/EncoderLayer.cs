using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralMath.Model;

/// <summary>One encoder layer: self-attention then feed-forward, each with a residual and a layer norm.</summary>
internal sealed class EncoderLayer : nn.Module
{
    private readonly MultiHeadAttention self_attn;
    private readonly FeedForward feed_forward;
    private readonly LayerNorm norm1, norm2;
    private readonly FastDropout dropout;
    private readonly bool _preNorm;

    public EncoderLayer(string name, ModelOptions o) : base(name)
    {
        self_attn = new MultiHeadAttention("self_attn", o.ModelDim, o.Heads, o.AttentionDropoutRate, o.AttentionInitGain, o.Positions == PositionEncoding.Relative);
        feed_forward = new FeedForward("feed_forward", o.ModelDim, o.FeedForwardDim, o.Dropout);
        norm1 = nn.LayerNorm(o.ModelDim);
        norm2 = nn.LayerNorm(o.ModelDim);
        dropout = new FastDropout(o.Dropout);
        _preNorm = o.Norm == NormPlacement.Pre;
        RegisterComponents();
    }

    public MultiHeadAttention SelfAttention => self_attn;

    /// <summary>x [B, S, d]; mask additive [B, 1, 1, S]. Returns [B, S, d].</summary>
    public Tensor Forward(Tensor x, Tensor mask, Tensor? relativeTable)
    {
        var h = _preNorm ? norm1.forward(x) : x;
        var (q, k, v) = self_attn.SelfQueryKeyValue(h);
        x = Residual(x, self_attn.Attend(q, k, v, mask, relativeTable, 0), norm1);
        h = _preNorm ? norm2.forward(x) : x;
        return Residual(x, feed_forward.forward(h), norm2);
    }

    private Tensor Residual(Tensor x, Tensor sub, LayerNorm norm) =>
        _preNorm ? x.Plus(dropout.forward(sub)) : norm.forward(x.Plus(dropout.forward(sub)));
}
