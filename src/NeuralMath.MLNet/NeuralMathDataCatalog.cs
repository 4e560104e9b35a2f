using Microsoft.ML;
using NeuralMath.Configuration;
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
    /// the same seed gives the same rows on any machine (the core's seeded hash split). The Input column carries the
    /// problem as an annotation (<see cref="NeuralMathAnnotations.Problem"/>), which Tokenize and the trainer read.
    /// </summary>
    /// <param name="problem">A registered problem name (<see cref="Problems.ProblemRegistry.Names"/>), e.g. <c>addition</c>, <c>factorization</c>, <c>gcd</c>; with its default options (modadd and modmul: modulus 97).</param>
    /// <param name="max">Size of the range (factorization n in [2, max); addition pairs in [0, max]²); null: the core's default (<see cref="ProblemOptions.Max"/>).</param>
    /// <param name="split">Train, validation, test or out-of-sample.</param>
    /// <param name="splitSeed">Seed of the split rule; null: the core's default (<see cref="ProblemOptions.SplitSeed"/>).</param>
    public IDataView Generate(string problem, long? max = null, DataSplit split = DataSplit.Train, ulong? splitSeed = null)
    {
        var options = new ProblemOptions { Name = problem };
        if (max is { } m) options.Max = m;
        if (splitSeed is { } seed) options.SplitSeed = seed;
        return Generate(options, split);
    }

    /// <summary>The problems of one split of <paramref name="problem"/> (the core's problem options, a config's <c>problem</c> section); see the other overloads.</summary>
    public IDataView Generate(ProblemOptions problem, DataSplit split = DataSplit.Train) => Generate(new ProblemDataOptions { Problem = problem, Split = split });

    /// <summary>The problems described by <paramref name="options"/>; see the other overloads.</summary>
    public IDataView Generate(ProblemDataOptions options) => new ProblemDataView(options);
}
