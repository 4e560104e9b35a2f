using NeuralMath.Configuration;
using NeuralMath.Data;

namespace NeuralMath.Problems;

/// <summary>
/// One problem of a <see cref="MultitaskProblem"/>: an ordinary problem with its own settings (range, splits,
/// distribution), its share of training and the token that starts its sources.
/// </summary>
public sealed class ProblemTask
{
    internal ProblemTask(int index, ProblemOptions options)
    {
        Index = index;
        Options = options;
        Problem = ProblemRegistry.Create(options);
        Weight = options.Weight ?? 1;
        Token = MultitaskProblem.TokenOf(Problem.Name);
        Rule = new SplitRule(options.SplitSeed, options.ValidationFraction, options.TestFraction);
    }

    /// <summary>Position in the task list; a multitask input starts with it.</summary>
    public int Index { get; }

    /// <summary>The problem's name, e.g. <c>gcd</c>: what an input's prefix names.</summary>
    public string Name => Problem.Name;

    /// <summary>The problem, built from <see cref="Options"/> as a single-problem model would build it.</summary>
    public MathProblem Problem { get; }

    /// <summary>The task's problem section (its <c>max</c>, <c>outOfSample</c>, splits, distribution, ...).</summary>
    public ProblemOptions Options { get; }

    /// <summary>Its share of every training epoch, relative to the other tasks' weights.</summary>
    public double Weight { get; }

    /// <summary>The task token every source of this task starts with, e.g. <c>&lt;gcd&gt;</c>.</summary>
    public string Token { get; }

    /// <summary>The task's own train/validation/test split.</summary>
    public SplitRule Rule { get; }

    /// <summary>One of this task's inputs (or answers) as the multitask model sees it: the task index in front.</summary>
    public long[] Tag(ReadOnlySpan<long> input)
    {
        var tagged = new long[input.Length + 1];
        tagged[0] = Index;
        input.CopyTo(tagged.AsSpan(1));
        return tagged;
    }

    /// <summary>The inputs of one split of this task, tagged: held out exactly as a single-problem run of the task holds them out.</summary>
    public IEnumerable<long[]> SplitInputs(DataSplit split) =>
        ProblemData.Inputs(Problem, Options.Max, Rule, split, Options.OutOfSample).Select(x => Tag(x));
}
