using NeuralMath.Configuration;

namespace NeuralMath.Problems;

/// <summary>
/// Multiplication of non-negative integers: (a, b) → a · b.
/// </summary>
/// <remarks>
/// Worked example, base 10: 12 · 34. Source <c>[SOS] 1 2 * 3 4 [EOS]</c>; target <c>[SOS] 4 0 8 [EOS]</c>.
/// Ranges, splits and sampling are those of every <see cref="TwoOperandProblem"/>; metrics group by the operands'
/// digit counts, since a product's difficulty grows with both.
/// </remarks>
public sealed class MultiplicationProblem : TwoOperandProblem
{
    /// <summary>The registry name.</summary>
    public const string ProblemName = "multiplication";

    /// <summary>Largest operand whose square fits in int64 (⌊√(2^63 − 1)⌋).</summary>
    public const long MaxOperand = 3_037_000_499;

    /// <summary>Creates the problem; the configured operands must stay below <see cref="MaxOperand"/>.</summary>
    public MultiplicationProblem(ProblemOptions? options = null) : base(options)
    {
        if (options is not null && options.Max > MaxOperand - options.OutOfSample)
            throw new ArgumentOutOfRangeException("problem.max", $"problem.max + problem.outOfSample must be at most {MaxOperand:N0} for multiplication: larger products are beyond 64 bits.");
    }

    /// <inheritdoc />
    public override string Name => ProblemName;

    /// <inheritdoc />
    protected override string Operator => "*";

    /// <inheritdoc />
    protected override string Noun => "a multiplication";

    /// <inheritdoc />
    protected override long Apply(long a, long b) => a * b;

    /// <inheritdoc />
    protected override string? ValidateOperands(long a, long b) => a != 0 && b > long.MaxValue / a ? "the product is beyond the 64-bit integer range." : null;
}
