using System.Diagnostics.CodeAnalysis;
using NeuralMath.Problems;

namespace NeuralMath.Configuration;

/// <summary>
/// Checks a problem section, and for a multitask problem each of its tasks, naming the first invalid setting by its
/// path (<c>problem.max</c>, <c>problem.tasks[1].modulus</c>).
/// </summary>
internal static class ProblemValidation
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting of the problem section.</summary>
    public static void Check(ProblemOptions p)
    {
        bool multitask = string.Equals(p.Name, MultitaskProblem.ProblemName, StringComparison.OrdinalIgnoreCase);
        if (!multitask)
        {
            Require(p.Tasks is null, "problem.tasks", $"applies only to problem.name \"{MultitaskProblem.ProblemName}\"");
            Require(p.Weight is null, "problem.weight", "applies only to the tasks of a multitask problem");
            CheckOne(p, "problem");
            return;
        }
        Require(p.Tasks is { Count: > 0 }, "problem.tasks", "must list the problems of a multitask model, e.g. [{\"name\": \"addition\", \"max\": 999}, {\"name\": \"gcd\", \"max\": 1000}]");
        Require(p.Weight is null, "problem.weight", "belongs to each task (problem.tasks[i].weight)");
        // The tasks hold the ranges, splits and seeds: the same settings here would do nothing.
        var defaults = new ProblemOptions();
        foreach (var (key, isDefault) in new[]
        {
            ("max", p.Max == defaults.Max), ("outOfSample", p.OutOfSample == defaults.OutOfSample), ("distribution", p.Distribution == defaults.Distribution),
            ("samples", p.Samples is null), ("modulus", p.Modulus is null), ("validationFraction", p.ValidationFraction == defaults.ValidationFraction),
            ("testFraction", p.TestFraction == defaults.TestFraction), ("splitSeed", p.SplitSeed == defaults.SplitSeed),
        })
            Require(isDefault, $"problem.{key}", $"does not apply to a multitask problem: set it in each task (problem.tasks[i].{key})");
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < p.Tasks.Count; i++)
        {
            string at = $"problem.tasks[{i}]";
            var task = p.Tasks[i];
            Require(task is not null, at, "must be a problem section");
            Require(!string.Equals(task.Name, MultitaskProblem.ProblemName, StringComparison.OrdinalIgnoreCase), $"{at}.name", "cannot be multitask: a task is one problem");
            Require(task.Tasks is null, $"{at}.tasks", "cannot be set: a task is one problem");
            Require(task.Weight is null || (task.Weight > 0 && double.IsFinite(task.Weight.Value)), $"{at}.weight", "must be positive and finite");
            CheckOne(task, at);
            Require(names.Add(task.Name), $"{at}.name", $"is '{task.Name}' again: each problem is one task (one task token)");
        }
    }

    // The checks every single problem gets; messages say problem.x, rewritten to the task's path.
    private static void CheckOne(ProblemOptions p, string at)
    {
        Require(p.Name is not null && ProblemRegistry.Names.Contains(p.Name, StringComparer.OrdinalIgnoreCase), $"{at}.name",
            $"is '{p.Name}', not a known problem ({string.Join(", ", ProblemRegistry.Names.Where(n => at == "problem" || n != MultitaskProblem.ProblemName))})");
        Require(p.Max >= 4, $"{at}.max", "must be at least 4");
        Require(p.OutOfSample >= 0, $"{at}.outOfSample", "must be ≥ 0");
        Require(p.OutOfSample <= long.MaxValue / 2 - p.Max, $"{at}.outOfSample", "is too large: max + outOfSample must stay below 2^62");
        Require(Enum.IsDefined(p.Distribution), $"{at}.distribution", "must be uniform, logUniform or balanced");
        Require(p.Samples is null or >= 1, $"{at}.samples", "must be at least 1");
        try
        {
            ProblemRegistry.Create(p); // the problem's own settings, e.g. problem.modulus must be a prime
        }
        catch (ArgumentException e) when (at != "problem")
        {
            string message = e.ParamName is string name ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;
            throw new ArgumentOutOfRangeException(e.ParamName?.Replace("problem.", at + ".", StringComparison.Ordinal),
                message.Replace("problem.", at + ".", StringComparison.Ordinal));
        }
        Require(p.ValidationFraction is > 0 and < 1, $"{at}.validationFraction", "must be in (0, 1)");
        Require(p.TestFraction is > 0 and < 1, $"{at}.testFraction", "must be in (0, 1)");
        Require(p.ValidationFraction + p.TestFraction < 0.9, $"{at}.testFraction", "validation + test must leave at least 10% for training");
    }

    private static void Require([DoesNotReturnIf(false)] bool ok, string name, string message)
    {
        if (!ok) throw new ArgumentOutOfRangeException(name, $"{name} {message}.");
    }
}
