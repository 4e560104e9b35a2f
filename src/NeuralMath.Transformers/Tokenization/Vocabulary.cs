namespace NeuralMath.Tokenization;

/// <summary>
/// The token set of a model: special tokens, operator tokens, then one token per digit of the base.
/// </summary>
/// <remarks>
/// Layout (ids): <c>0 [PAD]</c>, <c>1 [SOS]</c>, <c>2 [EOS]</c>, then the operators in the order given
/// (e.g. <c>*</c>, <c>+</c>), then optional task tokens (one per problem, for models that serve several),
/// then the digits <c>0 .. base-1</c>. Padding is id 0 so zero-filled buffers are valid padding.
/// The vocabulary is derived from the base and the problems' operators, never written by hand.
/// </remarks>
public sealed class Vocabulary
{
    /// <summary>Padding token id (always 0).</summary>
    public const int PadId = 0;

    /// <summary>Start-of-sequence token id (always 1).</summary>
    public const int StartId = 1;

    /// <summary>End-of-sequence token id (always 2).</summary>
    public const int EndId = 2;

    /// <summary>Printable names of the special tokens.</summary>
    public const string Pad = "[PAD]", Start = "[SOS]", End = "[EOS]";

    private readonly string[] _symbols;
    private readonly Dictionary<string, int> _ids;

    /// <summary>Creates a vocabulary for numbers in <paramref name="numberBase"/> with the given operator and task tokens.</summary>
    public Vocabulary(int numberBase, IEnumerable<string> operators, IEnumerable<string>? taskTokens = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numberBase, NumberBase.MinBase);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(numberBase, NumberBase.MaxBase);
        ArgumentNullException.ThrowIfNull(operators);
        Base = numberBase;
        var symbols = new List<string> { Pad, Start, End };
        Operators = operators.Distinct(StringComparer.Ordinal).ToArray();
        TaskTokens = (taskTokens ?? []).Distinct(StringComparer.Ordinal).ToArray();
        foreach (var op in Operators.Concat(TaskTokens))
        {
            if (string.IsNullOrWhiteSpace(op) || op.Any(char.IsDigit) || symbols.Contains(op))
                throw new ArgumentException($"'{op}' cannot be an operator or task token: it must be non-empty, contain no digit and be unique.", nameof(operators));
            symbols.Add(op);
        }
        FirstDigitId = symbols.Count;
        for (int d = 0; d < numberBase; d++) symbols.Add(d.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _symbols = [.. symbols];
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        // Digits and operators never collide: operators contain no digit characters.
        for (int i = 0; i < _symbols.Length; i++) _ids[_symbols[i]] = i;
    }

    /// <summary>The number base: how many digit tokens there are.</summary>
    public int Base { get; }

    /// <summary>Operator tokens, in id order.</summary>
    public IReadOnlyList<string> Operators { get; }

    /// <summary>Task tokens, in id order (empty for single-problem models).</summary>
    public IReadOnlyList<string> TaskTokens { get; }

    /// <summary>Id of the digit 0; digit d has id <c>FirstDigitId + d</c>.</summary>
    public int FirstDigitId { get; }

    /// <summary>Number of tokens.</summary>
    public int Size => _symbols.Length;

    /// <summary>All symbols, indexed by id.</summary>
    public IReadOnlyList<string> Symbols => _symbols;

    /// <summary>True when <paramref name="id"/> is a digit token.</summary>
    public bool IsDigit(int id) => id >= FirstDigitId && id < _symbols.Length;

    /// <summary>The digit value of a digit token.</summary>
    public int DigitOf(int id) => IsDigit(id) ? id - FirstDigitId : throw new ArgumentOutOfRangeException(nameof(id), $"Token {id} is not a digit.");

    /// <summary>The token id of a digit value.</summary>
    public int IdOfDigit(int digit) => (uint)digit < (uint)Base ? FirstDigitId + digit : throw new ArgumentOutOfRangeException(nameof(digit), $"Digit {digit} is outside base {Base}.");

    /// <summary>The id of a symbol (a special token, operator, task token or digit).</summary>
    public int IdOf(string symbol) => _ids.TryGetValue(symbol, out var id) ? id : throw new KeyNotFoundException($"'{symbol}' is not in the vocabulary.");

    /// <summary>The printable symbol of a token id; unknown ids print as <c>[?id]</c>.</summary>
    public string SymbolOf(int id) => (uint)id < (uint)_symbols.Length ? _symbols[id] : $"[?{id}]";

    /// <summary>Renders ids as space-separated symbols, e.g. <c>[SOS] 2 * 2 [EOS]</c>.</summary>
    public string Render(ReadOnlySpan<int> ids)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var id in ids)
        {
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(SymbolOf(id));
        }
        return sb.ToString();
    }
}
