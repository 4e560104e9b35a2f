namespace NeuralMath.Data;

/// <summary>
/// A seeded, stateless rule that assigns each in-range input to train, validation or test by hashing its key,
/// so the same seed gives the same split on any machine, for any range, without materialising a permutation.
/// </summary>
public sealed class SplitRule
{
    /// <summary>Creates a rule; the fractions must be in [0, 1) and sum to less than 1.</summary>
    public SplitRule(ulong seed, double validationFraction, double testFraction) => throw new NotImplementedException();

    /// <summary>The seed.</summary>
    public ulong Seed { get; }

    /// <summary>Fraction of inputs in validation.</summary>
    public double ValidationFraction { get; }

    /// <summary>Fraction of inputs in test.</summary>
    public double TestFraction { get; }

    /// <summary>The split of an input with the given key (see <see cref="Problems.MathProblem.SplitKey"/>).</summary>
    public DataSplit SplitOf(ulong key) => throw new NotImplementedException();
}
