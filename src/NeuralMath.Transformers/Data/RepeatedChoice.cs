namespace NeuralMath.Data;

/// <summary>Which training inputs form the repeated subset of two-set training (<c>training.repeatedChoice</c>).</summary>
public enum RepeatedChoice
{
    /// <summary>A seeded random subset (Charton and Kempe 2024).</summary>
    Random,

    /// <summary>
    /// The first inputs in the problem's order (<see cref="Problems.MathProblem.InRange"/>): for factorization the
    /// smallest training numbers, the cofactors that larger numbers are answered through.
    /// </summary>
    First,
}
