using System.Text.Json;
using NeuralMath.Configuration;

namespace NeuralMath.Problems;

/// <summary>The known problems, by name. Adding a problem: write its class and add one line here.</summary>
public static class ProblemRegistry
{
    private static readonly Dictionary<string, Func<ProblemOptions, MathProblem>> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        [FactorizationProblem.ProblemName] = _ => new FactorizationProblem(),
        [AdditionProblem.ProblemName] = o => new AdditionProblem(o),
        [MultiplicationProblem.ProblemName] = o => new MultiplicationProblem(o),
        [GcdProblem.ProblemName] = o => new GcdProblem(o),
        [ModularAdditionProblem.ProblemName] = o => new ModularAdditionProblem(o),
        [ModularMultiplicationProblem.ProblemName] = o => new ModularMultiplicationProblem(o),
        [ResiduesProblem.ProblemName] = o => new ResiduesProblem(o),
        [MultitaskProblem.ProblemName] = o => new MultitaskProblem(o),
    };

    /// <summary>Names of all registered problems.</summary>
    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>Creates a problem by name with default options, or throws with the list of known names.</summary>
    public static MathProblem Create(string name) => Create(new ProblemOptions { Name = name });

    /// <summary>
    /// Creates the problem <paramref name="options"/> names, with its options. Throws <see cref="ArgumentException"/>
    /// naming the setting (e.g. <c>problem.modulus</c>) for an unknown problem, a distribution it does not take, or a
    /// setting it does not read.
    /// </summary>
    public static MathProblem Create(ProblemOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Factories.TryGetValue(options.Name ?? "", out var make))
            throw new ArgumentException($"Unknown problem '{options.Name}'. Known problems: {string.Join(", ", Names)}.", nameof(options));
        var problem = make(options);
        if (!problem.Distributions.Contains(options.Distribution))
            throw Setting("distribution", $"is {Json(options.Distribution)}; {problem.Name} takes {string.Join(", ", problem.Distributions.Select(Json))}");
        foreach (var (key, isSet) in new[] { ("samples", options.Samples is not null), ("modulus", options.Modulus is not null) })
            if (isSet && !problem.Settings.Contains(key)) throw Setting(key, $"does not apply to {problem.Name}");
        return problem;
    }

    private static ArgumentOutOfRangeException Setting(string key, string message) => new($"problem.{key}", $"problem.{key} {message}.");

    private static string Json(OperandDistribution d) => JsonNamingPolicy.CamelCase.ConvertName(d.ToString());
}
