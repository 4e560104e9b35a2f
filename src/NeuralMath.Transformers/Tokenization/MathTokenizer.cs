namespace NeuralMath.Tokenization;

/// <summary>
/// Writes non-negative integers as base-N digit tokens and reads them back, and frames token
/// sequences with <c>[SOS]</c> / <c>[EOS]</c>.
/// </summary>
/// <remarks>
/// Example, base 30, most-significant first: 45 = 1·30 + 15 → digit tokens <c>1 15</c>.
/// Every int64 ≥ 0 round-trips exactly; reading rejects empty digit runs, leading zeros and overflow,
/// so only the canonical spelling of a number parses.
/// </remarks>
public sealed class MathTokenizer
{
    /// <summary>Creates a tokenizer for a base, digit order and operator set.</summary>
    public MathTokenizer(int numberBase, DigitOrder order, IEnumerable<string> operators, IEnumerable<string>? taskTokens = null)
    {
        Vocabulary = new Vocabulary(numberBase, operators, taskTokens);
        Order = order;
    }

    /// <summary>The tokenizer of <paramref name="problem"/> in a base and digit order: its operators and task tokens.</summary>
    public static MathTokenizer For(Problems.MathProblem problem, int numberBase, DigitOrder order)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return new MathTokenizer(numberBase, order, problem.Operators, problem.TaskTokens);
    }

    /// <summary>The token set.</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>The number base.</summary>
    public int Base => Vocabulary.Base;

    /// <summary>The digit order.</summary>
    public DigitOrder Order { get; }

    /// <summary>Appends the digit tokens of <paramref name="value"/> (≥ 0) to <paramref name="ids"/>.</summary>
    public void WriteNumber(List<int> ids, long value)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        int start = ids.Count;
        ulong v = (ulong)value, b = (ulong)Base;
        do
        {
            ids.Add(Vocabulary.FirstDigitId + (int)(v % b)); // least-significant first
            v /= b;
        }
        while (v != 0);
        if (Order == DigitOrder.MostSignificantFirst) ids.Reverse(start, ids.Count - start);
    }

    /// <summary>The digit tokens of <paramref name="value"/> (≥ 0).</summary>
    public int[] EncodeNumber(long value)
    {
        var ids = new List<int>(8);
        WriteNumber(ids, value);
        return [.. ids];
    }

    /// <summary>Number of digit tokens needed for <paramref name="value"/> (≥ 0).</summary>
    public int DigitCount(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        int n = 1;
        for (ulong v = (ulong)value / (ulong)Base; v != 0; v /= (ulong)Base) n++;
        return n;
    }

    /// <summary>
    /// Reads a number from digit tokens. False for an empty run, a non-digit token, a leading zero
    /// (non-canonical spelling) or a value beyond <see cref="long.MaxValue"/>.
    /// </summary>
    public bool TryReadNumber(ReadOnlySpan<int> digits, out long value)
    {
        value = 0;
        if (digits.IsEmpty) return false;
        int n = digits.Length;
        ulong acc = 0, b = (ulong)Base;
        for (int k = 0; k < n; k++)
        {
            // k walks from the most significant digit whatever the order.
            int id = Order == DigitOrder.MostSignificantFirst ? digits[k] : digits[n - 1 - k];
            if (!Vocabulary.IsDigit(id)) return false;
            int d = Vocabulary.DigitOf(id);
            if (k == 0 && d == 0 && n > 1) return false;
            if (acc > (long.MaxValue - (ulong)d) / b) return false;
            acc = acc * b + (ulong)d;
        }
        value = (long)acc;
        return true;
    }

    /// <summary>Frames a body as <c>[SOS] body [EOS]</c>.</summary>
    public static int[] Frame(ReadOnlySpan<int> body)
    {
        var framed = new int[body.Length + 2];
        framed[0] = Vocabulary.StartId;
        body.CopyTo(framed.AsSpan(1));
        framed[^1] = Vocabulary.EndId;
        return framed;
    }

    /// <summary>
    /// The answer body of a decoded sequence: a leading <c>[SOS]</c> is skipped and everything from the
    /// first <c>[EOS]</c> on is cut. Returns false when there is no <c>[EOS]</c> (the output was cut off).
    /// </summary>
    /// <example><c>[SOS] 2 * 2 * 2 [EOS] [PAD] 0</c> → <c>2 * 2 * 2</c>.</example>
    public static bool TryTakeBody(ReadOnlySpan<int> decoded, out ReadOnlySpan<int> body)
    {
        if (!decoded.IsEmpty && decoded[0] == Vocabulary.StartId) decoded = decoded[1..];
        int end = decoded.IndexOf(Vocabulary.EndId);
        body = end >= 0 ? decoded[..end] : default;
        return end >= 0;
    }
}
