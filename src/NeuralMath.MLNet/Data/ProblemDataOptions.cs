using NeuralMath.Data;

namespace NeuralMath.Data;

/// <summary>Which generated problems a data view holds (see <see cref="NeuralMathDataCatalog.Generate(ProblemDataOptions)"/>).</summary>
public sealed class ProblemDataOptions
{
    /// <summary>Problem name: a registered problem such as <c>addition</c>, <c>factorization</c> or <c>gcd</c>, with its default options.</summary>
    public string Problem = ProblemDataDefaults.Problem;

    /// <summary>Size of the in-range inputs (factorization: n in [2, Max); addition: pairs in [0, Max]²); at least 4.</summary>
    public long Max = ProblemDataDefaults.Max;

    /// <summary>Which split: train, validation, test (by the seeded hash rule) or out-of-sample.</summary>
    public DataSplit Split = DataSplit.Train;

    /// <summary>Seed of the train/validation/test rule; the same seed gives the same rows anywhere.</summary>
    public ulong SplitSeed = ProblemDataDefaults.SplitSeed;

    /// <summary>Fraction of in-range inputs in validation; in (0, 1).</summary>
    public double ValidationFraction = ProblemDataDefaults.ValidationFraction;

    /// <summary>Fraction of in-range inputs in test; in (0, 1), and validation + test below 0.9.</summary>
    public double TestFraction = ProblemDataDefaults.TestFraction;

    /// <summary>How far past the range out-of-sample inputs go; ≥ 0.</summary>
    public long OutOfSample = ProblemDataDefaults.OutOfSample;

    /// <summary>Input column name.</summary>
    public string InputColumnName = NeuralMathColumnNames.Input;

    /// <summary>Label (exact answer) column name.</summary>
    public string LabelColumnName = NeuralMathColumnNames.Label;

    /// <summary>Split column name.</summary>
    public string SplitColumnName = NeuralMathColumnNames.Split;
}

/// <summary>Defaults shared by <see cref="ProblemDataOptions"/> and the catalog; the same as the core's <c>ProblemOptions</c>.</summary>
internal static class ProblemDataDefaults
{
    public const string Problem = "addition";
    public const long Max = 256;
    public const ulong SplitSeed = 42;
    public const double ValidationFraction = 0.05;
    public const double TestFraction = 0.05;
    public const long OutOfSample = 44;
}
