using NeuralMath.Problems;

namespace NeuralMath.Data;

/// <summary>Which inputs of a problem belong to a split.</summary>
public static class ProblemData
{
    /// <summary>
    /// The inputs of <paramref name="split"/>, lazily and in the problem's order: for validation and test, the in-range
    /// inputs (<see cref="MathProblem.InRange"/>) that <paramref name="rule"/> assigns to the split; for train, the
    /// problem's training inputs (<see cref="MathProblem.TrainingInputs"/>: the in-range ones, or draws from its operand
    /// distribution) that the rule assigns to train, so no held-out input is trained on; for
    /// <see cref="DataSplit.OutOfSample"/>, <see cref="MathProblem.OutOfSample"/> with <paramref name="outOfSampleCount"/>.
    /// A problem may split differently (<see cref="MathProblem.SplitInputs(long, SplitRule, DataSplit, long)"/>): a <see cref="MultitaskProblem"/> splits
    /// each task by its own settings, so <paramref name="max"/>, <paramref name="rule"/> and <paramref name="outOfSampleCount"/> are not used for it.
    /// </summary>
    public static IEnumerable<long[]> Inputs(MathProblem problem, long max, SplitRule rule, DataSplit split, long outOfSampleCount)
    {
        // Arguments are checked here, eagerly; only the enumeration is deferred.
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentOutOfRangeException.ThrowIfNegative(outOfSampleCount);
        return problem.SplitInputs(max, rule, split, outOfSampleCount);
    }

    /// <summary>
    /// The problem's class-stratified evaluation inputs (<see cref="MathProblem.StratifiedInputs"/>) drawn from the test
    /// split of <paramref name="rule"/>, so none was trained on; for reading which classes a model has learned, which a
    /// natural sample cannot show when large classes are rare (a uniform pair has gcd k with probability 6 / (π² k²)).
    /// </summary>
    /// <exception cref="ArgumentException">The problem's answers have no classes.</exception>
    public static IEnumerable<long[]> Stratified(MathProblem problem, long max, SplitRule rule, int perClass)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentOutOfRangeException.ThrowIfLessThan(perClass, 1);
        return problem.StratifiedInputs(max, perClass, input => rule.SplitOf(problem.SplitKey(input)) == DataSplit.Test)
            ?? throw new ArgumentException($"{problem.Name} answers have no classes to stratify by (gcd has: one class per gcd).");
    }
}
