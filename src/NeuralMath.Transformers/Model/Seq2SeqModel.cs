using TorchSharp;
using TorchSharp.Modules;
using NeuralMath.Tokenization;
using static TorchSharp.torch;

namespace NeuralMath.Model;

/// <summary>
/// The encoder-decoder transformer, batch-first. The encoder runs once per input; the decoder runs either
/// over a whole target (teacher forcing, <see cref="forward"/>) or one position at a time with a key/value
/// cache (through <see cref="Decoding.TorchStepDecoder"/>), which is what beam search uses.
/// </summary>
/// <remarks>Shapes: B batch rows, S source length, T target length, d model width, V vocabulary size.</remarks>
public sealed class Seq2SeqModel : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Embedding src_embed;
    private readonly Embedding? tgt_embed;
    private readonly Parameter? pos_embed;      // learned absolute positions [P, d]
    private readonly Tensor? abs_table;         // sinusoidal absolute positions [P, d]
    private readonly Tensor? rel_table;         // relative offsets [2P − 1, d]
    private readonly Tensor? cross_table;       // absolute positions for cross-attention [P, d]
    private readonly DigitPositions? digit_positions; // per-number digit positions
    private readonly FastDropout embed_dropout;
    private readonly ModuleList<EncoderLayer> encoder;
    private readonly ModuleList<DecoderLayer> decoder;
    private readonly LayerNorm? encoder_norm, decoder_norm;
    private readonly Linear head;
    private readonly double _embedScale;

    // One Scalar for the process: a static root is never finalized, unlike the implicit conversion of a float.
    private static readonly Scalar MinusInfinity = float.NegativeInfinity.ToScalar();
    private static readonly Scalar OneLong = 1L.ToScalar();
    private readonly long _firstDigitId;
    private readonly DigitOrder _digitOrder;

    /// <summary>
    /// Builds a model for a tokenizer's vocabulary, with freshly initialised weights (seed torch first for
    /// reproducibility). Per-number positions read the tokenizer's digit tokens and digit order.
    /// </summary>
    public Seq2SeqModel(ModelOptions options, MathTokenizer tokenizer)
        : this(options, (tokenizer ?? throw new ArgumentNullException(nameof(tokenizer))).Vocabulary.Size, tokenizer)
    {
    }

    /// <summary>
    /// Builds a model for a vocabulary of this size, with freshly initialised weights. It cannot tell digits from other
    /// tokens, so <see cref="PositionEncoding.PerNumber"/> positions need the other constructor.
    /// </summary>
    public Seq2SeqModel(ModelOptions options, int vocabularySize) : this(options, vocabularySize, null)
    {
    }

    private Seq2SeqModel(ModelOptions options, int vocabularySize, MathTokenizer? tokenizer) : base("seq2seq")
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabularySize, 4);
        if (options.Positions == PositionEncoding.PerNumber && tokenizer is null)
            throw new ArgumentException("model.positions = perNumber needs to know the digit tokens: build the model with Seq2SeqModel(options, tokenizer).", nameof(options));
        Options = options;
        VocabularySize = vocabularySize;
        int d = options.ModelDim, p = options.MaxPositions;
        _embedScale = options.ScaleEmbeddings ? Math.Sqrt(d) : 1.0;

        src_embed = nn.Embedding(vocabularySize, d);
        if (!options.SharedEmbeddings) tgt_embed = nn.Embedding(vocabularySize, d);
        if (options.Positions == PositionEncoding.Learned) pos_embed = nn.Parameter(zeros(p, d));
        if (options.Positions == PositionEncoding.Sinusoidal) abs_table = PositionTables.Sinusoidal(0, p, d);
        if (options.Positions == PositionEncoding.Relative) rel_table = PositionTables.Relative(p, d);
        if (options.CrossAttentionPositions) cross_table = PositionTables.Sinusoidal(0, p, d);
        if (options.Positions == PositionEncoding.PerNumber)
        {
            _firstDigitId = tokenizer!.Vocabulary.FirstDigitId;
            _digitOrder = tokenizer.Order;
            digit_positions = new DigitPositions("digit_positions", d, p, options.MaxPositionOffset, tokenizer.Vocabulary.FirstDigitId, tokenizer.Order);
        }
        embed_dropout = new FastDropout(options.EmbeddingDropoutRate);
        encoder = new ModuleList<EncoderLayer>(Enumerable.Range(0, options.EncoderLayers).Select(i => new EncoderLayer($"encoder{i}", options)).ToArray());
        decoder = new ModuleList<DecoderLayer>(Enumerable.Range(0, options.DecoderLayers).Select(i => new DecoderLayer($"decoder{i}", options)).ToArray());
        if (options.Norm == NormPlacement.Pre)
        {
            encoder_norm = nn.LayerNorm(d);
            decoder_norm = nn.LayerNorm(d);
        }
        head = nn.Linear(d, vocabularySize);
        using (no_grad())
        {
            nn.init.xavier_uniform_(src_embed.weight!);
            if (tgt_embed is not null) nn.init.xavier_uniform_(tgt_embed.weight!);
            if (pos_embed is not null) nn.init.normal_(pos_embed, 0, 0.02);
        }
        RegisterComponents();
    }

    /// <summary>The architecture.</summary>
    public ModelOptions Options { get; }

    /// <summary>Number of tokens.</summary>
    public int VocabularySize { get; }

    /// <summary>Number of trainable parameters.</summary>
    public long ParameterCount => parameters().Sum(t => t.numel());

    internal IEnumerable<MultiHeadAttention> AttentionModules(string kind) => kind switch
    {
        "encoder" => encoder.Select(l => l.SelfAttention),
        "decoder" => decoder.Select(l => l.SelfAttention).OfType<MultiHeadAttention>(),
        "cross" => decoder.Select(l => l.CrossAttention),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>
    /// Parameters that get weight decay (the weight matrices of linear layers) and those that do not
    /// (norms, biases, embeddings, position tables, relative-attention biases).
    /// </summary>
    public (List<Parameter> Decay, List<Parameter> NoDecay) ParameterGroups()
    {
        var decay = new List<Parameter>();
        var noDecay = new List<Parameter>();
        foreach (var (name, p) in named_parameters())
        {
            bool linearWeight = p.dim() == 2 && name.EndsWith(".weight", StringComparison.Ordinal) && !name.Contains("embed", StringComparison.Ordinal);
            (linearWeight ? decay : noDecay).Add(p);
        }
        return (decay, noDecay);
    }

    /// <summary>Encodes token ids [B, S] (padded with 0). Returns memory [B, S, d] and its additive key mask [B, 1, 1, S].</summary>
    public (Tensor Memory, Tensor Mask) Encode(Tensor source) => Encode(source, null);

    // offsets: each row's training shift of its per-number positions [B], or null.
    private (Tensor Memory, Tensor Mask) Encode(Tensor source, Tensor? offsets)
    {
        ArgumentNullException.ThrowIfNull(source);
        CheckLength(source.shape[1], "source");
        using var scope = NewDisposeScope();
        var mask = PaddingMask(source);
        var x = Embed(src_embed, source, 0, digit_positions?.Source(source, offsets));
        foreach (var layer in encoder) x = layer.Forward(x, mask, rel_table);
        if (encoder_norm is not null) x = encoder_norm.forward(x);
        return (x.MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope());
    }

    /// <summary>Teacher-forced logits [B, T, V] for sources [B, S] and decoder inputs [B, T] (targets without the last token).</summary>
    public override Tensor forward(Tensor source, Tensor decoderInput)
    {
        ArgumentNullException.ThrowIfNull(decoderInput);
        CheckLength(decoderInput.shape[1], "target");
        using var scope = NewDisposeScope();
        // One shift per example, the same for its source and its target, so their digit places stay aligned.
        var offsets = training ? digit_positions?.DrawOffsets(source.shape[0], source.device) : null;
        var (memory, mask) = Encode(source, offsets);
        long t = decoderInput.shape[1];
        var causal = ones(t, t, dtype: ScalarType.Bool, device: source.device).triu(1);
        var causalMask = zeros(t, t, device: source.device).masked_fill(causal, MinusInfinity);
        var caches = decoder.Select(_ => new LayerCache(persistent: false)).ToArray();
        try
        {
            var crossMask = Options.CrossAttentionWindow is int places
                ? mask.Plus(DigitPositions.WindowMask(SourceIds(source), DigitPositions.TargetIds(decoderInput, _firstDigitId), places))
                : mask;
            var x = RunDecoder(decoderInput, 0, causalMask, caches, memory, crossMask, digit_positions?.Target(decoderInput, offsets));
            return head.forward(x).MoveToOuterDisposeScope();
        }
        finally
        {
            foreach (var c in caches) c.Dispose();
        }
    }

    /// <summary>
    /// Prepares incremental decoding of a batch: caches the encoder memory's cross-attention keys/values. A model with a
    /// <see cref="ModelOptions.CrossAttentionWindow"/> also needs the <paramref name="source"/> ids the memory came from.
    /// </summary>
    internal DecoderState StartDecoding(Tensor memory, Tensor memoryMask, Tensor? source = null)
    {
        ArgumentNullException.ThrowIfNull(memory);
        if (Options.CrossAttentionWindow is not null && source is null)
            throw new ArgumentNullException(nameof(source), "A model with model.crossAttentionWindow needs the source ids to start decoding.");
        using var scope = NewDisposeScope();
        var memoryPositions = CrossPositions(0, memory.shape[1]);
        var caches = new LayerCache[decoder.Count];
        for (int i = 0; i < caches.Length; i++)
        {
            caches[i] = new LayerCache(persistent: true);
            var (k, v) = decoder[i].MemoryKeyValue(memory, memoryPositions);
            caches[i].SetMemory(k, v);
        }
        // Per-number positions follow each row's run of trailing digits; [SOS] starts with none.
        var digitRun = digit_positions is null ? null : zeros(memory.shape[0], dtype: ScalarType.Int64, device: memory.device);
        return new DecoderState(caches, memoryMask, digitRun, Options.CrossAttentionWindow is null ? null : SourceIds(source!));
    }

    /// <summary>Feeds one token per row [B] at position <see cref="DecoderState.Length"/>; returns next-token logits [B, V].</summary>
    internal Tensor DecodeStep(DecoderState state, Tensor tokens)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(tokens);
        CheckLength(state.Length + 1, "target");
        using var scope = NewDisposeScope();
        Tensor? digits = null;
        if (digit_positions is not null)
        {
            (digits, var run) = digit_positions.Step(tokens, state.DigitRun!);
            state.DigitRun = run;
            digits = digits.unsqueeze(1);
        }
        var crossMask = Options.CrossAttentionWindow is int places
            ? state.MemoryMask.Plus(DigitPositions.WindowMask(state.SourceIds!, state.DigitRun!.Plus(OneLong).unsqueeze(1), places))
            : state.MemoryMask;
        var x = RunDecoder(tokens.unsqueeze(1), state.Length, null, state.Layers, null, crossMask, digits);
        state.Length++;
        return head.forward(x.squeeze(1)).MoveToOuterDisposeScope();
    }

    private Tensor RunDecoder(Tensor tokens, long start, Tensor? causalMask, LayerCache[] caches, Tensor? memory, Tensor memoryMask, Tensor? digitPositions)
    {
        var x = Embed(tgt_embed ?? src_embed, tokens, start, digitPositions);
        var queryPositions = CrossPositions(start, tokens.shape[1]);
        for (int i = 0; i < decoder.Count; i++)
        {
            if (memory is not null)
            {
                var (k, v) = decoder[i].MemoryKeyValue(memory, CrossPositions(0, memory.shape[1]));
                caches[i].SetMemory(k, v);
            }
            x = decoder[i].Forward(x, start, causalMask, caches[i], memoryMask, rel_table, queryPositions);
        }
        return decoder_norm is null ? x : decoder_norm.forward(x);
    }

    // Token embeddings plus the positions: absolute rows from start on, or the per-number ones given [B, T, d].
    private Tensor Embed(Embedding table, Tensor tokens, long start, Tensor? digitPositions)
    {
        var x = table.forward(tokens);
        if (_embedScale != 1.0)
        {
            using var scale = _embedScale.ToScalar(); // held until the call returns (an implicit Scalar can be finalized mid-call)
            x = x * scale;
        }
        var positions = pos_embed is not null ? pos_embed : abs_table;
        if (positions is not null) x = x.Plus(positions.narrow(0, start, tokens.shape[1]).to(x.device));
        if (digitPositions is not null) x = x.Plus(digitPositions);
        return embed_dropout.forward(x);
    }

    private Tensor? CrossPositions(long start, long count) => cross_table?.narrow(0, start, count);

    // Per-number positions only: the source's unshifted position ids.
    private Tensor SourceIds(Tensor source) => DigitPositions.SourceIds(source, _firstDigitId, _digitOrder);

    private static Tensor PaddingMask(Tensor source) =>
        zeros(source.shape[0], 1, 1, source.shape[1], device: source.device)
            .masked_fill(source.EqualTo(Vocabulary.PadId).view(source.shape[0], 1, 1, source.shape[1]), MinusInfinity);

    private void CheckLength(long length, string what)
    {
        if (length > Options.MaxPositions)
            throw new ArgumentException($"The {what} has {length} positions; this model handles at most {Options.MaxPositions}.");
    }
}
