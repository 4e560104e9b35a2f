using NeuralMath.Tokenization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralMath.Model;

/// <summary>
/// Per-number digit positions (Abacus-style, McLeish et al. 2024): a digit is placed by where it stands in its own
/// number, not by its index in the sequence, so the units digits of both operands and of the answer share one position
/// id whatever their lengths. The ids index a learned table whose rows are added to the token embeddings.
/// </summary>
/// <remarks>
/// <para>Source ids: 0 for every token that is not a digit; 1 + the place value for a digit (1 = units). The encoder
/// sees the whole input, so it knows place values in either digit order.</para>
/// <para>Decoder ids: a decoder input is placed where the digit it predicts goes, 1 + the number of digits ending the
/// prefix so far ([SOS] and operators: 1). Least-significant first this is 1 + the place value of the next digit, the
/// same id as the source digits it adds. Most-significant first it counts from the first digit written, because the
/// place value of the next digit is unknown until the answer ends: one reason the least-significant-first order
/// extrapolates.</para>
/// <para>Training shifts every nonzero id of an example (source and target alike) by its own random offset in
/// [0, <see cref="ModelOptions.MaxPositionOffset"/>], so table rows beyond the trained lengths are trained too.</para>
/// <para>Worked example, 45+202 → 247. Least-significant first: source <c>[SOS] 5 4 + 2 0 2 [EOS]</c> → 0 1 2 0 1 2 3 0;
/// decoder input <c>[SOS] 7 4 2</c> → 1 2 3 4. Most-significant first: <c>[SOS] 4 5 + 2 0 2 [EOS]</c> → 0 2 1 0 3 2 1 0;
/// decoder input <c>[SOS] 2 4 7</c> → 1 2 3 4.</para>
/// </remarks>
internal sealed class DigitPositions : nn.Module
{
    // Field name is a state-dict key: keep it stable.
    private readonly Embedding embed;
    private readonly long _firstDigitId;
    private readonly DigitOrder _order;

    /// <summary>A table for ids up to <paramref name="maxPositions"/> + <paramref name="maxOffset"/>.</summary>
    public DigitPositions(string name, int modelDim, int maxPositions, int maxOffset, int firstDigitId, DigitOrder order) : base(name)
    {
        embed = nn.Embedding(maxPositions + maxOffset + 1L, modelDim);
        MaxOffset = maxOffset;
        _firstDigitId = firstDigitId;
        _order = order;
        using (no_grad()) nn.init.normal_(embed.weight!, 0, 0.02); // as the learned absolute positions
        RegisterComponents();
    }

    /// <summary>Largest training offset.</summary>
    public int MaxOffset { get; }

    /// <summary>Embeddings of source ids [B, S] at these per-row offsets [B] (null: none), [B, S, d].</summary>
    public Tensor Source(Tensor ids, Tensor? offsets) => Lookup(SourceIds(ids, _firstDigitId, _order), offsets);

    /// <summary>Embeddings of a whole decoder input [B, T] (teacher forcing), [B, T, d].</summary>
    public Tensor Target(Tensor ids, Tensor? offsets) => Lookup(TargetIds(ids, _firstDigitId), offsets);

    /// <summary>
    /// One decoding step: embeddings [B, d] of one token per row [B], given each row's run of digits before it [B];
    /// returns them with the run including this token (the next step's <paramref name="run"/>).
    /// </summary>
    public (Tensor Embeddings, Tensor Run) Step(Tensor tokens, Tensor run)
    {
        var next = StepRun(tokens, run, _firstDigitId);
        using var one = 1L.ToScalar(); // held until the call returns (an implicit Scalar can be finalized mid-call)
        return (embed.forward(next.Plus(one)), next);
    }

    /// <summary>
    /// Random offsets [B] in [0, <see cref="MaxOffset"/>] drawn from torch's generator (so seeding fixes them, as it
    /// fixes dropout); null when there is nothing to draw.
    /// </summary>
    public Tensor? DrawOffsets(long rows, Device device) =>
        MaxOffset == 0 ? null : randint(MaxOffset + 1L, [rows], dtype: ScalarType.Int64).to(device);

    /// <summary>
    /// The additive cross-attention mask [B, 1, T, S] of a window of <paramref name="places"/>: 0 where the source token
    /// is not a digit (source id 0) or its place is the query's or one of the <paramref name="places"/> below it
    /// (query id − places ≤ source id ≤ query id), −∞ elsewhere. Both id sets unshifted (a training offset moves them alike).
    /// </summary>
    internal static Tensor WindowMask(Tensor sourceIds, Tensor queryIds, long places)
    {
        using var zero = 0L.ToScalar();
        using var limit = places.ToScalar();
        using var minusInfinity = float.NegativeInfinity.ToScalar();
        var source = sourceIds.unsqueeze(1);                                            // [B, 1, S]
        var below = queryIds.unsqueeze(2) - source;                                     // [B, T, S]: places below the query's
        var blocked = below.lt(zero).logical_or(below.gt(limit)).logical_and(source.ne(zero));
        return zeros(blocked.shape, device: sourceIds.device).masked_fill(blocked, minusInfinity).unsqueeze(1);
    }

    /// <summary>Source position ids [B, S]: 0 for a non-digit, 1 + place value for a digit.</summary>
    internal static Tensor SourceIds(Tensor ids, long firstDigitId, DigitOrder order)
    {
        var (fromStart, toEnd) = Runs(ids, firstDigitId);
        return order == DigitOrder.LeastSignificantFirst ? fromStart : toEnd;
    }

    /// <summary>Decoder position ids [B, T]: 1 + the digits ending the prefix at each index.</summary>
    internal static Tensor TargetIds(Tensor ids, long firstDigitId)
    {
        using var one = 1L.ToScalar();
        return Runs(ids, firstDigitId).FromStart.Plus(one);
    }

    /// <summary>The run of digits ending at a new token: the row's run + 1 for a digit, 0 otherwise.</summary>
    internal static Tensor StepRun(Tensor tokens, Tensor run, long firstDigitId)
    {
        using var first = firstDigitId.ToScalar();
        using var one = 1L.ToScalar();
        return where(tokens.ge(first), run.Plus(one), zeros_like(run));
    }

    /// <summary>
    /// For each index: the digits of its run up to and including it (k for the k-th digit of a number, counted in
    /// writing order) and from it to the run's end (1 for the last digit); both 0 for a token that is not a digit.
    /// </summary>
    private static (Tensor FromStart, Tensor ToEnd) Runs(Tensor ids, long firstDigitId)
    {
        using var first = firstDigitId.ToScalar();
        using var minusOne = (-1L).ToScalar();
        long rows = ids.shape[0], length = ids.shape[1];
        using var end = length.ToScalar();
        var isDigit = ids.ge(first);                                                     // digits are the vocabulary's last ids
        var index = arange(length, dtype: ScalarType.Int64, device: ids.device).unsqueeze(0).expand(rows, length);
        var lastBreak = where(isDigit, full_like(index, minusOne), index).cummax(1).values;  // last non-digit at or before t
        var nextBreak = where(isDigit, full_like(index, end), index).flip(1).cummin(1).values.flip(1); // first at or after t
        return (index - lastBreak, nextBreak - index);
    }

    private Tensor Lookup(Tensor positions, Tensor? offsets)
    {
        if (offsets is not null)
        {
            // Ids 0 (not a digit) stay 0: only digit places move.
            using var zero = 0L.ToScalar();
            positions = positions.Plus(offsets.unsqueeze(1).mul(positions.gt(zero)));
        }
        return embed.forward(positions);
    }
}
