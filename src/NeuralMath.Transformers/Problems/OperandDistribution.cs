namespace NeuralMath.Problems;

/// <summary>How training operands are drawn (<c>problem.distribution</c>). Validation and test inputs are always uniform, so runs stay comparable.</summary>
public enum OperandDistribution
{
    /// <summary>Every in-range input equally often: all of them once when they can be enumerated, else a uniform sample.</summary>
    Uniform,

    /// <summary>Each operand x in [lo, hi] with probability proportional to 1 / (x − lo + 1): small operands far more often.</summary>
    LogUniform,

    /// <summary>Outcomes balanced (GCD: every gcd bucket of the metrics equally often, then a coprime pair scaled by it).</summary>
    Balanced,
}
