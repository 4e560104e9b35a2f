using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralMath.Model;

/// <summary>
/// Multi-head attention, batch-first, with optional Transformer-XL relative positions
/// (score = (q + u)·k + (q + v)·W_r R[i − j], Dai et al. 2019; as in the reference's "relative-transfxl").
/// Split into Query / KeyValue / Attend so the decoder can cache keys and values between steps.
/// </summary>
internal sealed class MultiHeadAttention : nn.Module
{
    // Field names are state-dict keys: keep them stable.
    private readonly Linear w_q, w_k, w_v, out_proj;
    private readonly Linear? w_r;
    private readonly Parameter? u_bias, v_bias;
    private readonly FastDropout attn_dropout;
    private readonly int _heads, _headDim;
    private readonly double _scale;

    public MultiHeadAttention(string name, int modelDim, int heads, double dropout, double initGain, bool relative) : base(name)
    {
        _heads = heads;
        _headDim = modelDim / heads;
        _scale = 1.0 / Math.Sqrt(_headDim);
        w_q = nn.Linear(modelDim, modelDim, hasBias: false);
        w_k = nn.Linear(modelDim, modelDim, hasBias: false);
        w_v = nn.Linear(modelDim, modelDim, hasBias: false);
        out_proj = nn.Linear(modelDim, modelDim);
        if (relative)
        {
            w_r = nn.Linear(modelDim, modelDim, hasBias: false);
            u_bias = nn.Parameter(zeros(heads, _headDim));
            v_bias = nn.Parameter(zeros(heads, _headDim));
        }
        attn_dropout = new FastDropout(dropout);
        using (no_grad())
        {
            foreach (var w in new[] { w_q, w_k, w_v, w_r })
                if (w is not null) nn.init.xavier_uniform_(w.weight!, initGain);
            nn.init.xavier_uniform_(out_proj.weight!);
            nn.init.zeros_(out_proj.bias!);
        }
        RegisterComponents();
    }

    /// <summary>When set, <see cref="Attend"/> keeps the attention probabilities in <see cref="LastWeights"/> (for analysis).</summary>
    public bool CaptureWeights { get; set; }

    /// <summary>Attention probabilities of the last call, [B, H, Tq, Tk], on the CPU; only when <see cref="CaptureWeights"/> is set.</summary>
    public Tensor? LastWeights { get; private set; }

    /// <summary>Queries [B, H, T, dh] from inputs [B, T, d].</summary>
    public Tensor Query(Tensor x) => SplitHeads(w_q.forward(x));

    /// <summary>
    /// Self-attention's queries, keys and values [B, H, T, dh] from one input [B, T, d], in one matrix product with the
    /// three weights side by side (the parameters stay three, so model files and checkpoints keep their layout).
    /// </summary>
    public (Tensor Queries, Tensor Keys, Tensor Values) SelfQueryKeyValue(Tensor x)
    {
        using var scope = NewDisposeScope();
        var qkv = nn.functional.linear(x, cat([w_q.weight!, w_k.weight!, w_v.weight!], 0)).chunk(3, -1);
        return (SplitHeads(qkv[0]).MoveToOuterDisposeScope(), SplitHeads(qkv[1]).MoveToOuterDisposeScope(),
            SplitHeads(qkv[2]).MoveToOuterDisposeScope());
    }

    /// <summary>Keys and values [B, H, T, dh] from key inputs and value inputs [B, T, d].</summary>
    public (Tensor Keys, Tensor Values) KeyValue(Tensor keyInput, Tensor valueInput) =>
        (SplitHeads(w_k.forward(keyInput)), SplitHeads(w_v.forward(valueInput)));

    /// <summary>
    /// Attends queries at positions <paramref name="queryStart"/>.. to keys at positions 0..Tk−1.
    /// <paramref name="mask"/> is additive (0 or −∞), broadcastable to [B, H, Tq, Tk].
    /// <paramref name="relativeTable"/> holds one row per offset −(P−1)..(P−1) when positions are relative.
    /// Returns [B, Tq, d].
    /// </summary>
    public Tensor Attend(Tensor q, Tensor k, Tensor v, Tensor? mask, Tensor? relativeTable, long queryStart)
    {
        using var scope = NewDisposeScope();
        using var scale = _scale.ToScalar(); // held until the calls return (an implicit Scalar can be finalized mid-call)
        long batch = q.shape[0], tq = q.shape[2], tk = k.shape[2];
        Tensor? bias = mask;
        if (relativeTable is not null)
        {
            long maxPos = (relativeTable.shape[0] + 1) / 2;
            long lowest = queryStart - (tk - 1);                          // smallest offset i − j needed
            long count = tq + tk - 1;
            var rows = relativeTable.narrow(0, lowest + maxPos - 1, count);                 // [R, d]
            var rk = w_r!.forward(rows).view(count, _heads, _headDim).permute(1, 2, 0);      // [H, dh, R]
            var bd = q.Plus(v_bias!.view(1, _heads, 1, _headDim)).matmul(rk);                 // [B, H, Tq, R]
            // Column for (query i, key j) is offset (queryStart + i − j) − lowest = i − j + Tk − 1.
            var index = arange(tk - 1, tq + tk - 1, device: q.device).unsqueeze(1).sub(arange(tk, device: q.device).unsqueeze(0))
                .expand(batch, _heads, tq, tk);
            bd = bd.gather(3, index).mul_(scale);
            bias = mask is null ? bd : bd.Plus(mask);
            q = q.Plus(u_bias!.view(1, _heads, 1, _headDim));
        }

        Tensor context;
        if (CaptureWeights)
        {
            var scores = q.matmul(k.transpose(-2, -1)).mul_(scale);
            if (bias is not null) scores = scores.Plus(bias);
            var weights = scores.softmax(-1);
            LastWeights?.Dispose();
            LastWeights = weights.detach().cpu().DetachFromDisposeScope();
            context = attn_dropout.forward(weights).matmul(v);
        }
        else
        {
            context = nn.functional.scaled_dot_product_attention(q, k, v, bias, training ? attn_dropout.P : 0.0);
        }
        var merged = context.transpose(1, 2).reshape(batch, tq, _heads * _headDim);          // [B, Tq, d]
        return out_proj.forward(merged).MoveToOuterDisposeScope();
    }

    private Tensor SplitHeads(Tensor x) => x.view(x.shape[0], x.shape[1], _heads, _headDim).transpose(1, 2);

    protected override void Dispose(bool disposing)
    {
        if (disposing) LastWeights?.Dispose();
        base.Dispose(disposing);
    }
}
