using NeuralMath.Decoding;
using NeuralMath.Problems;

namespace NeuralMath.Evaluation;

/// <summary>One decoded beam, read back and checked.</summary>
/// <param name="Hypothesis">The decoded tokens and their scores.</param>
/// <param name="Answer">The parsed answer, or null when the output is malformed.</param>
/// <param name="Verdict">The exact check of the answer against the input.</param>
public sealed record CheckedBeam(Hypothesis Hypothesis, long[]? Answer, Verdict Verdict);

/// <summary>All beams for one input.</summary>
/// <param name="Input">The problem input.</param>
/// <param name="Beams">Beams, best first; any that ran out of positions (not <see cref="Hypothesis.Finished"/>) come last.</param>
public sealed record Prediction(long[] Input, IReadOnlyList<CheckedBeam> Beams)
{
    /// <summary>The top beam's answer (null when it did not parse).</summary>
    public long[]? Best => Beams.Count > 0 ? Beams[0].Answer : null;

    /// <summary>Index of the first beam that passes verification, or −1: "guess many, check cheaply".</summary>
    public int VerifiedBeam
    {
        get
        {
            for (int i = 0; i < Beams.Count; i++) if (Beams[i].Verdict.Correct) return i;
            return -1;
        }
    }

    /// <summary>The best verified answer, or null when no beam verifies.</summary>
    public long[]? Verified => VerifiedBeam >= 0 ? Beams[VerifiedBeam].Answer : null;
}
