using NeuralMath.Problems;
using NeuralMath.Tokenization;

namespace NeuralMath.Data;

/// <summary>
/// Inputs with their framed source and target token sequences (<c>[SOS] ... [EOS]</c>), labelled exactly.
/// </summary>
public sealed class EncodedDataset
{
    /// <summary>Creates a dataset from parallel arrays.</summary>
    public EncodedDataset(long[][] inputs, int[][] sources, int[][] targets)
    {
        if (inputs.Length != sources.Length || inputs.Length != targets.Length)
            throw new ArgumentException("inputs, sources and targets must have the same length.");
        Inputs = inputs;
        Sources = sources;
        Targets = targets;
    }

    /// <summary>The problem inputs, e.g. [n] or [a, b].</summary>
    public long[][] Inputs { get; }

    /// <summary>Framed source sequences.</summary>
    public int[][] Sources { get; }

    /// <summary>Framed target sequences (the exact answers).</summary>
    public int[][] Targets { get; }

    /// <summary>Number of examples.</summary>
    public int Count => Inputs.Length;

    /// <summary>
    /// Encodes inputs: solves each exactly (factorization labels come from a smallest-prime-factor sieve),
    /// frames sources and targets. Runs in parallel; the order of <paramref name="inputs"/> is kept.
    /// </summary>
    public static EncodedDataset Build(MathProblem problem, MathTokenizer tokenizer, IEnumerable<long[]> inputs) => throw new NotImplementedException();
}
