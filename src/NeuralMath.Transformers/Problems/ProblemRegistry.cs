namespace NeuralMath.Problems;

/// <summary>The known problems, by name. Adding a problem: write its class and add one line here.</summary>
public static class ProblemRegistry
{
    private static readonly Dictionary<string, Func<MathProblem>> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        [FactorizationProblem.ProblemName] = () => new FactorizationProblem(),
        [AdditionProblem.ProblemName] = () => new AdditionProblem(),
    };

    /// <summary>Names of all registered problems.</summary>
    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>Creates a problem by name, or throws with the list of known names.</summary>
    public static MathProblem Create(string name) =>
        Factories.TryGetValue(name ?? "", out var make)
            ? make()
            : throw new ArgumentException($"Unknown problem '{name}'. Known problems: {string.Join(", ", Names)}.", nameof(name));
}
