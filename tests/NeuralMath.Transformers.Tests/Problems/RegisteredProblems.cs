using NeuralMath.Configuration;
using NeuralMath.Problems;

namespace NeuralMath.Tests.Problems;

/// <summary>Every registered problem as the law tests build it: by name, and a multitask problem from every other one.</summary>
internal static class RegisteredProblems
{
    /// <summary>
    /// The problem a name registers. A multitask problem needs tasks: every other problem, on ranges small enough that
    /// the first few hundred inputs reach each task (factorization in the middle, so task inputs differ in length).
    /// </summary>
    public static MathProblem Create(string name) => name != MultitaskProblem.ProblemName ? ProblemRegistry.Create(name) : ProblemRegistry.Create(new ProblemOptions
    {
        Name = name,
        Tasks =
        [
            new() { Name = "addition", Max = 4, OutOfSample = 2 },
            new() { Name = "gcd", Max = 4, OutOfSample = 2 },
            new() { Name = "factorization", Max = 8, OutOfSample = 2 },
            new() { Name = "modadd", Modulus = 5, OutOfSample = 2 },
            new() { Name = "modmul", Modulus = 5, OutOfSample = 2 },
            new() { Name = "multiplication", Max = 4, OutOfSample = 2, Weight = 3 },
            new() { Name = "residues", Max = 40, OutOfSample = 2, Modulus = 7 },
        ],
    });

    /// <summary>The problem's typical input in the same task as <paramref name="input"/> (the problem's own example otherwise).</summary>
    public static long[] ExampleLike(MathProblem problem, long[] input, long max) => problem.TaskOf(input) is { } task
        ? task.Tag(task.Problem.ExampleInput(max))
        : problem.ExampleInput(max);

    /// <summary>How many integers <paramref name="input"/> holds: the problem's arity, or for a multitask input 1 + its task's.</summary>
    public static int ArityOf(MathProblem problem, long[] input) =>
        problem.TaskOf(input) is { } task ? 1 + task.Problem.Arity : problem.Arity;
}
