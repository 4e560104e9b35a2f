using Microsoft.ML;
using NeuralMath.Data;

namespace NeuralMath;

/// <summary>Generated problem data: <c>mlContext.NeuralMath().Data</c>.</summary>
public sealed class NeuralMathDataCatalog
{
    internal NeuralMathDataCatalog()
    {
    }

    /// <summary>
    /// The problems of one split as a lazy <see cref="IDataView"/> with String columns Input (e.g. <c>45+202</c>),
    /// Label (the exact answer, e.g. <c>247</c>) and Split. Rows are generated as a cursor moves, in a fixed order;
    /// the same seed gives the same rows on any machine (the core's seeded hash split).
    /// </summary>
    /// <param name="problem">A registered problem name (<see cref="Problems.ProblemRegistry.Names"/>), e.g. <c>addition</c>, <c>factorization</c>, <c>gcd</c>; with its default options (modadd and modmul: modulus 97).</param>
    /// <param name="max">Size of the range: factorization n in [2, max); addition pairs in [0, max]².</param>
    /// <param name="split">Train, validation, test or out-of-sample.</param>
    /// <param name="splitSeed">Seed of the split rule.</param>
    public IDataView Generate(string problem = ProblemDataDefaults.Problem, long max = ProblemDataDefaults.Max, DataSplit split = DataSplit.Train,
        ulong splitSeed = ProblemDataDefaults.SplitSeed) =>
        Generate(new ProblemDataOptions { Problem = problem, Max = max, Split = split, SplitSeed = splitSeed });

    /// <summary>The problems described by <paramref name="options"/>; see the other overload.</summary>
    public IDataView Generate(ProblemDataOptions options) => new ProblemDataView(options);
}
