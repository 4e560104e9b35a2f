namespace NeuralMath.Data;

/// <summary>
/// A seeded, stateless rule that assigns each in-range input to train, validation or test by hashing its key,
/// so the same seed gives the same split on any machine, for any range, without materialising a permutation.
/// </summary>
/// <remarks>
/// The key's hash is output number <c>key</c> of a SplitMix64 stream started at <c>Mix(seed)</c>, read as a
/// uniform u in [0, 1): validation when u &lt; v, test when u &lt; v + t, train otherwise. The hash is a fixed
/// formula (no System.Random, no string hashing), so splits never change across runtimes or machines.
/// </remarks>
public sealed class SplitRule
{
    private readonly ulong _streamStart;

    /// <summary>Creates a rule; the fractions must be in [0, 1) and sum to less than 1.</summary>
    public SplitRule(ulong seed, double validationFraction, double testFraction)
    {
        CheckFraction(validationFraction, nameof(validationFraction));
        CheckFraction(testFraction, nameof(testFraction));
        if (validationFraction + testFraction >= 1)
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction,
                $"validationFraction + testFraction must be < 1 so that some inputs are left for training (got {validationFraction} + {testFraction}).");
        Seed = seed;
        ValidationFraction = validationFraction;
        TestFraction = testFraction;
        _streamStart = SplitMix64.Mix(seed);
    }

    /// <summary>The seed.</summary>
    public ulong Seed { get; }

    /// <summary>Fraction of inputs in validation.</summary>
    public double ValidationFraction { get; }

    /// <summary>Fraction of inputs in test.</summary>
    public double TestFraction { get; }

    /// <summary>The split of an input with the given key (see <see cref="Problems.MathProblem.SplitKey"/>).</summary>
    public DataSplit SplitOf(ulong key)
    {
        double u = SplitMix64.ToUnitInterval(SplitMix64.Mix(_streamStart + key * SplitMix64.Gamma));
        return u < ValidationFraction ? DataSplit.Validation
            : u < ValidationFraction + TestFraction ? DataSplit.Test
            : DataSplit.Train;
    }

    private static void CheckFraction(double fraction, string name)
    {
        // Written so that NaN fails too.
        if (!(fraction >= 0 && fraction < 1))
            throw new ArgumentOutOfRangeException(name, fraction, $"{name} must be in [0, 1).");
    }
}
