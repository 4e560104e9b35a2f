using NeuralMath.Configuration;
using NeuralMath.Problems;

namespace NeuralMath.Tests.Multitask;

public class MultitaskConfigTests
{
    internal const string Problem = """
        { "name": "multitask", "tasks": [ { "name": "addition", "max": 30, "weight": 2 }, { "name": "gcd", "max": 40 }, { "name": "modadd", "modulus": 7 } ] }
        """;

    private static RunConfig Parse(string problem, params string[] overrides) => RunConfig.Parse($$"""{ "problem": {{problem}} }""", overrides);

    private static string Error(string problem, params string[] overrides) =>
        Assert.ThrowsAny<ArgumentException>(() => Parse(problem, overrides)).Message;

    [Fact]
    public void ATaskIsAWholeProblemSection_WithAWeight()
    {
        var problem = Assert.IsType<MultitaskProblem>(Parse(Problem).CreateProblem());
        Assert.Equal(["addition", "gcd", "modadd"], problem.Tasks.Select(t => t.Name));
        Assert.Equal([2.0, 1.0, 1.0], problem.Tasks.Select(t => t.Weight));
        Assert.Equal(30, problem.Tasks[0].Options.Max);
        Assert.Equal(7, ((ModularProblem)problem.Tasks[2].Problem).Modulus);
        Assert.Equal(["<addition>", "<gcd>", "<modadd>"], problem.TaskTokens);
        Assert.Equal(["+", "gcd"], problem.Operators); // the union: addition and modadd share "+"
    }

    [Theory]
    [InlineData("problem.tasks.1.max=500")]
    [InlineData("problem.tasks[1].max=500")]
    public void SetReachesATask_ByIndex(string assignment) =>
        Assert.Equal(500, Parse(Problem, assignment).Problem.Tasks![1].Max);

    [Fact]
    public void TheResolvedConfig_RoundTrips_WithoutTheMultitaskSectionsUnusedSettings()
    {
        var config = Parse(Problem);
        string json = config.ToJson();
        Assert.Equal(["name", "tasks"], System.Text.Json.Nodes.JsonNode.Parse(json)!["problem"]!.AsObject().Select(p => p.Key));
        Assert.Equal(json, RunConfig.Parse(json).ToJson());
    }

    [Theory]
    [InlineData("problem.max=99", "problem.max does not apply to a multitask problem: set it in each task (problem.tasks[i].max)")]
    [InlineData("problem.tasks.1.name=\"multitask\"", "problem.tasks[1].name cannot be multitask")]
    [InlineData("problem.tasks.1.name=\"sums\"", "problem.tasks[1].name is 'sums', not a known problem")]
    [InlineData("problem.tasks.1.name=\"addition\"", "problem.tasks[1].name is 'addition' again")]
    [InlineData("problem.tasks.2.modulus=8", "problem.tasks[2].modulus must be a prime, got 8")]
    [InlineData("problem.tasks.0.modulus=7", "problem.tasks[0].modulus does not apply to addition")]
    [InlineData("problem.tasks.0.weight=0", "problem.tasks[0].weight must be positive and finite")]
    [InlineData("problem.tasks.0.max=2", "problem.tasks[0].max must be at least 4")]
    [InlineData("problem.tasks.5.max=2", "problem.tasks is a list of 3; index it from 0 to 2")]
    [InlineData("problem.weight=2", "problem.weight belongs to each task")]
    public void AMistakeInATask_IsOneLineNamingItsPath(string assignment, string expected)
    {
        string message = Error(Problem, assignment);
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void TasksBelongToMultitaskOnly_AndMultitaskNeedsThem()
    {
        Assert.Contains("problem.tasks applies only to problem.name \"multitask\"", Error("""{ "name": "addition", "tasks": [] }"""), StringComparison.Ordinal);
        Assert.Contains("problem.weight applies only to the tasks", Error("""{ "name": "addition", "weight": 2 }"""), StringComparison.Ordinal);
        Assert.Contains("problem.tasks must list the problems", Error("""{ "name": "multitask" }"""), StringComparison.Ordinal);
    }
}
