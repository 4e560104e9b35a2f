using System.Globalization;
using NeuralMath.Configuration;

namespace NeuralMath.Problems;

/// <summary>
/// Pairwise addition of non-negative integers: (a, b) → a + b.
/// </summary>
/// <remarks>
/// Worked example, base 10, most-significant digit first: 45 + 202.
/// Source <c>[SOS] 4 5 + 2 0 2 [EOS]</c>; target <c>[SOS] 2 4 7 [EOS]</c>.
/// In-range inputs are all ordered pairs in [0, max]²; out-of-sample inputs are the pairs in
/// [0, max + count]² with at least one operand above max (the reference's generalisation test).
/// </remarks>
/// <param name="options">Distribution, pool size and seed (null: defaults).</param>
public sealed class AdditionProblem(ProblemOptions? options = null) : TwoOperandProblem(options)
{
    /// <summary>The registry name.</summary>
    public const string ProblemName = "addition";

    /// <summary>The operator between the operands.</summary>
    public const string Plus = "+";

    /// <inheritdoc />
    public override string Name => ProblemName;

    /// <inheritdoc />
    protected override string Operator => Plus;

    /// <inheritdoc />
    protected override string Noun => "an addition";

    /// <inheritdoc />
    protected override long Apply(long a, long b) => a + b;

    /// <inheritdoc />
    protected override string? ValidateOperands(long a, long b) => a > long.MaxValue - b ? "the sum is beyond the 64-bit integer range." : null;

    /// <inheritdoc />
    public override IReadOnlyList<MetricGroup> Groups => [new("largerOperand", "larger operand, by hundreds (from 1000 on: by digits)")];

    /// <inheritdoc />
    /// <remarks>By hundreds below 1000 (the reference's ranges), then one bucket per decimal length, so long operands
    /// (a length-generalization grid) give a bucket per digit count rather than one per hundred.</remarks>
    public override IEnumerable<(string Group, string Bucket)> MetricGroups(ReadOnlySpan<long> input)
    {
        long larger = Math.Max(input[0], input[1]);
        if (larger < 1000)
        {
            long lo = larger / 100 * 100;
            return [("largerOperand", string.Create(CultureInfo.InvariantCulture, $"{lo}-{lo + 99}"))];
        }
        long low = 1000;
        while (larger / 10 >= low) low *= 10;
        string high = low > long.MaxValue / 10 ? long.MaxValue.ToString(CultureInfo.InvariantCulture) : (low * 10 - 1).ToString(CultureInfo.InvariantCulture);
        return [("largerOperand", string.Create(CultureInfo.InvariantCulture, $"{low}-{high}"))];
    }
}
