using NeuralMath.Problems;

namespace NeuralMath.Tests.Problems;

public class ProblemRegistryTests
{
    [Fact]
    public void Creates_KnownProblems_CaseInsensitively()
    {
        Assert.IsType<FactorizationProblem>(ProblemRegistry.Create("Factorization"));
        Assert.IsType<AdditionProblem>(ProblemRegistry.Create("addition"));
        Assert.IsType<MultiplicationProblem>(ProblemRegistry.Create("multiplication"));
        Assert.IsType<GcdProblem>(ProblemRegistry.Create("GCD"));
        Assert.IsType<ModularAdditionProblem>(ProblemRegistry.Create("modadd"));
        Assert.Equal(["addition", "factorization", "gcd", "modadd", "modmul", "multiplication", "multitask", "residues"], ProblemRegistry.Names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void UnknownProblem_Throws_ListingTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => ProblemRegistry.Create("division"));
        Assert.Contains("factorization", e.Message, StringComparison.Ordinal);
        Assert.Contains("addition", e.Message, StringComparison.Ordinal);
    }
}
