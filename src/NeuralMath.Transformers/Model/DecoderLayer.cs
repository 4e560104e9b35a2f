using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralMath.Model;

/// <summary>
/// One decoder layer: causal self-attention (unless <see cref="ModelOptions.DecoderSelfAttention"/> is off),
/// encoder-decoder attention, feed-forward. Runs either over a whole target (teacher forcing) or one position at a
/// time with a key/value cache.
/// </summary>
internal sealed class DecoderLayer : nn.Module
{
    private readonly MultiHeadAttention? self_attn;
    private readonly MultiHeadAttention cross_attn;
    private readonly FeedForward feed_forward;
    private readonly LayerNorm? norm1;
    private readonly LayerNorm norm2, norm3;
    private readonly FastDropout dropout;
    private readonly bool _preNorm;

    public DecoderLayer(string name, ModelOptions o) : base(name)
    {
        if (o.DecoderSelfAttention)
        {
            self_attn = new MultiHeadAttention("self_attn", o.ModelDim, o.Heads, o.AttentionDropoutRate, o.AttentionInitGain, o.Positions == PositionEncoding.Relative);
            norm1 = nn.LayerNorm(o.ModelDim);
        }
        cross_attn = new MultiHeadAttention("cross_attn", o.ModelDim, o.Heads, o.AttentionDropoutRate, o.AttentionInitGain, relative: false);
        feed_forward = new FeedForward("feed_forward", o.ModelDim, o.FeedForwardDim, o.Dropout);
        norm2 = nn.LayerNorm(o.ModelDim);
        norm3 = nn.LayerNorm(o.ModelDim);
        dropout = new FastDropout(o.Dropout);
        _preNorm = o.Norm == NormPlacement.Pre;
        RegisterComponents();
    }

    /// <summary>The causal self-attention; null when the decoder has none.</summary>
    public MultiHeadAttention? SelfAttention => self_attn;

    public MultiHeadAttention CrossAttention => cross_attn;

    /// <summary>Keys and values of the encoder memory for cross-attention, computed once per input.</summary>
    public (Tensor Keys, Tensor Values) MemoryKeyValue(Tensor memory, Tensor? memoryPositions) =>
        cross_attn.KeyValue(memoryPositions is null ? memory : memory.Plus(memoryPositions), memory);

    /// <summary>
    /// x [B, T, d] at positions <paramref name="start"/>..; <paramref name="cache"/> holds this layer's
    /// earlier self-attention keys/values (null for teacher forcing, which passes a causal mask instead).
    /// </summary>
    public Tensor Forward(Tensor x, long start, Tensor? causalMask, LayerCache cache, Tensor memoryMask,
        Tensor? relativeTable, Tensor? queryPositions)
    {
        Tensor h;
        if (self_attn is not null)
        {
            h = _preNorm ? norm1!.forward(x) : x;
            var (q, k, v) = self_attn.SelfQueryKeyValue(h);
            (k, v) = cache.Append(k, v);
            x = Residual(x, self_attn.Attend(q, k, v, causalMask, relativeTable, start), norm1!);
        }

        h = _preNorm ? norm2.forward(x) : x;
        var cq = cross_attn.Query(queryPositions is null ? h : h.Plus(queryPositions));
        x = Residual(x, cross_attn.Attend(cq, cache.MemoryKeys!, cache.MemoryValues!, memoryMask, null, 0), norm2);

        h = _preNorm ? norm3.forward(x) : x;
        return Residual(x, feed_forward.forward(h), norm3);
    }

    private Tensor Residual(Tensor x, Tensor sub, LayerNorm norm) =>
        _preNorm ? x.Plus(dropout.forward(sub)) : norm.forward(x.Plus(dropout.forward(sub)));
}
