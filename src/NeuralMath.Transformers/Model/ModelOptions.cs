using System.Text.Json.Serialization;

namespace NeuralMath.Model;

/// <summary>Where layer normalisation sits in each sub-layer.</summary>
public enum NormPlacement
{
    /// <summary>x = norm(x + f(x)), as in the original Transformer and the reference.</summary>
    Post,

    /// <summary>x = x + f(norm(x)), more stable for deep or wide models.</summary>
    Pre,
}

/// <summary>How token positions are encoded.</summary>
public enum PositionEncoding
{
    /// <summary>Fixed sinusoids added to the token embeddings.</summary>
    Sinusoidal,

    /// <summary>A learned table added to the token embeddings.</summary>
    Learned,

    /// <summary>Transformer-XL relative attention in the self-attention layers (the reference's best).</summary>
    Relative,

    /// <summary>
    /// Per-number digit positions (Abacus-style): each digit is placed by its place in its own number, the answer's
    /// digits by theirs, so digits of equal place value share a position whatever the operands' lengths. No sequence
    /// positions besides (see <see cref="ModelOptions.MaxPositionOffset"/> for the training offset).
    /// </summary>
    PerNumber,
}

/// <summary>Architecture of the encoder-decoder. Defaults are the reference's 2^16 factorization model.</summary>
public sealed class ModelOptions
{
    /// <summary>Width of the residual stream (d_model). Must be divisible by <see cref="Heads"/>.</summary>
    public int ModelDim { get; set; } = 128;

    /// <summary>Attention heads per layer.</summary>
    public int Heads { get; set; } = 8;

    /// <summary>
    /// Encoder layers. 0 leaves the encoder as the embeddings alone: each source token is then seen by the decoder as its
    /// token and position only, never mixed with its neighbours (what per-number positions need to treat every digit place alike).
    /// </summary>
    public int EncoderLayers { get; set; } = 6;

    /// <summary>Decoder layers.</summary>
    public int DecoderLayers { get; set; } = 6;

    /// <summary>Hidden width of the feed-forward blocks.</summary>
    public int FeedForwardDim { get; set; } = 512;

    /// <summary>
    /// Dropout on sub-layer outputs and inside the feed-forward blocks, in [0, 1); also on attention probabilities and
    /// embeddings unless <see cref="AttentionDropout"/> or <see cref="EmbeddingDropout"/> says otherwise.
    /// </summary>
    public double Dropout { get; set; } = 0.05;

    /// <summary>
    /// Dropout on attention probabilities, in [0, 1); null: <see cref="Dropout"/>. The reference's code ran 0.05 here
    /// while its sub-layer outputs got 0.1 (its configured dropout never reached them; docs/reference.md).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? AttentionDropout { get; set; }

    /// <summary>Dropout on the embeddings (token and position), in [0, 1); null: <see cref="Dropout"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? EmbeddingDropout { get; set; }

    /// <summary>The attention-probability dropout in effect.</summary>
    internal double AttentionDropoutRate => AttentionDropout ?? Dropout;

    /// <summary>The embedding dropout in effect.</summary>
    internal double EmbeddingDropoutRate => EmbeddingDropout ?? Dropout;

    /// <summary>Post-norm (reference) or pre-norm.</summary>
    public NormPlacement Norm { get; set; } = NormPlacement.Post;

    /// <summary>Use one embedding table for source and target tokens.</summary>
    public bool SharedEmbeddings { get; set; } = true;

    /// <summary>How positions are encoded.</summary>
    public PositionEncoding Positions { get; set; } = PositionEncoding.Relative;

    /// <summary>
    /// Add absolute sinusoidal positions to the queries and keys of encoder-decoder attention
    /// (the reference's "extra positional encoding"; it helped out-of-sample accuracy there).
    /// </summary>
    public bool CrossAttentionPositions { get; set; } = true;

    /// <summary>Xavier-uniform gain for the query/key/value projections (reference: 0.5).</summary>
    public double AttentionInitGain { get; set; } = 0.5;

    /// <summary>Longest source or target sequence, framing tokens included.</summary>
    public int MaxPositions { get; set; } = 64;

    /// <summary>
    /// With <see cref="PositionEncoding.PerNumber"/> positions: during training every example's digit positions are
    /// shifted by a random offset in [0, this], so positions beyond the trained lengths are trained too (0: no shift).
    /// Decoding never shifts.
    /// </summary>
    public int MaxPositionOffset { get; set; }

    /// <summary>
    /// With <see cref="PositionEncoding.PerNumber"/> positions: cross-attention from a decoder position reaches only the
    /// source digits of the place it writes and of this many places below it (and every source token that is not a
    /// digit). Addition needs 1: its own place and the one below (the carry). With it, no answer digit can see digits
    /// further away than any it trained on, however long the numbers. Null: no limit.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? CrossAttentionWindow { get; set; }

    /// <summary>
    /// The decoder's causal self-attention. Off, each decoding step sees only its own input token and the source: it
    /// cannot count the steps before it, so it cannot learn to treat one answer place differently from another. Least-
    /// significant first with per-number positions, an adder needs nothing more (the carry into a place follows from the
    /// previous answer digit and the operand digits below it).
    /// </summary>
    public bool DecoderSelfAttention { get; set; } = true;

    /// <summary>Multiply token embeddings by √d_model.</summary>
    public bool ScaleEmbeddings { get; set; }

    /// <summary>Largest <see cref="MaxPositionOffset"/>: the position table has MaxPositions + MaxPositionOffset + 1 rows.</summary>
    public const int MaxOffsetLimit = 4096;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        Check(ModelDim > 0, nameof(ModelDim), "must be positive");
        Check(Heads > 0, nameof(Heads), "must be positive");
        Check(ModelDim % Math.Max(Heads, 1) == 0, nameof(ModelDim), $"must be divisible by heads ({Heads})");
        Check(EncoderLayers >= 0, nameof(EncoderLayers), "must be ≥ 0");
        Check(DecoderLayers > 0, nameof(DecoderLayers), "must be positive");
        Check(FeedForwardDim > 0, nameof(FeedForwardDim), "must be positive");
        Check(Dropout is >= 0 and < 1, nameof(Dropout), "must be in [0, 1)");
        Check(AttentionDropout is null or (>= 0 and < 1), nameof(AttentionDropout), "must be in [0, 1), or null for model.dropout");
        Check(EmbeddingDropout is null or (>= 0 and < 1), nameof(EmbeddingDropout), "must be in [0, 1), or null for model.dropout");
        Check(AttentionInitGain > 0 && double.IsFinite(AttentionInitGain), nameof(AttentionInitGain), "must be positive and finite");
        Check(MaxPositions >= 4, nameof(MaxPositions), "must be at least 4");
        Check(Enum.IsDefined(Norm), nameof(Norm), "must be post or pre");
        Check(Enum.IsDefined(Positions), nameof(Positions), "must be sinusoidal, learned, relative or perNumber");
        Check(MaxPositionOffset is >= 0 and <= MaxOffsetLimit, nameof(MaxPositionOffset), $"must be between 0 and {MaxOffsetLimit}");
        Check(MaxPositionOffset == 0 || Positions == PositionEncoding.PerNumber, nameof(MaxPositionOffset), "needs model.positions = perNumber");
        Check(CrossAttentionWindow is null or (>= 0 and <= MaxOffsetLimit), nameof(CrossAttentionWindow), $"must be between 0 and {MaxOffsetLimit}, or null for none");
        Check(CrossAttentionWindow is null || Positions == PositionEncoding.PerNumber, nameof(CrossAttentionWindow), "needs model.positions = perNumber");
    }

    private static void Check(bool ok, string name, string message)
    {
        if (!ok) throw new ArgumentOutOfRangeException(JsonNamingPolicyName(name), $"model.{JsonNamingPolicyName(name)} {message}.");
    }

    private static string JsonNamingPolicyName(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
