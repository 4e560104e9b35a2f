using NeuralMath.Configuration;

namespace NeuralMath.Data;

/// <summary>Which generated problems a data view holds (see <see cref="NeuralMathDataCatalog.Generate(ProblemDataOptions)"/>).</summary>
public sealed class ProblemDataOptions
{
    /// <summary>
    /// The problem and its inputs: the core's <see cref="ProblemOptions"/> (a config's <c>problem</c> section: name, range,
    /// out-of-sample size, split fractions and seed, distribution, modulus). The Input column carries it as an annotation,
    /// so the steps after it (Tokenize, the trainer) learn the problem from the data instead of being told again.
    /// </summary>
    public ProblemOptions Problem = new();

    /// <summary>Which split: train, validation, test (by the seeded hash rule) or out-of-sample.</summary>
    public DataSplit Split = DataSplit.Train;

    /// <summary>Input column name.</summary>
    public string InputColumnName = NeuralMathColumnNames.Input;

    /// <summary>Label (exact answer) column name.</summary>
    public string LabelColumnName = NeuralMathColumnNames.Label;

    /// <summary>Split column name.</summary>
    public string SplitColumnName = NeuralMathColumnNames.Split;
}
