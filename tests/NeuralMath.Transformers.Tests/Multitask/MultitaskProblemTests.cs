using NeuralMath.Configuration;
using NeuralMath.Data;
using NeuralMath.Problems;
using NeuralMath.Tokenization;

namespace NeuralMath.Tests.Multitask;

public class MultitaskProblemTests
{
    private static readonly RunConfig Config = RunConfig.Parse($$"""{ "problem": {{MultitaskConfigTests.Problem}} }""");
    private static readonly MultitaskProblem Problem = (MultitaskProblem)Config.CreateProblem();
    private static readonly MathTokenizer Tokenizer = Config.CreateTokenizer(Problem);

    [Fact]
    public void TheVocabulary_HasOneTokenPerTask_AfterTheOperators()
    {
        Assert.Equal(["[PAD]", "[SOS]", "[EOS]", "+", "gcd", "<addition>", "<gcd>", "<modadd>", "0", "1"], Tokenizer.Vocabulary.Symbols.Take(10));
        Assert.Equal(Problem.TaskTokens, Tokenizer.Vocabulary.TaskTokens);
    }

    [Fact]
    public void ASource_StartsWithTheTaskToken_AndEveryInputRoundTrips()
    {
        Assert.True(Problem.TryParseInput("gcd:12,18", out var gcd, out _));
        Assert.Equal([1L, 12, 18], gcd);
        Assert.Equal("<gcd> 1 2 gcd 1 8", Tokenizer.Vocabulary.Render(Problem.EncodeInput(Tokenizer, gcd)));
        // The same body under two tasks: only the task token tells them apart, and the answers differ.
        Assert.True(Problem.TryParseInput("addition:5+4", out var add, out _));
        Assert.True(Problem.TryParseInput("modadd:5+4", out var mod, out _));
        Assert.Equal(Problem.EncodeInput(Tokenizer, add)[1..], Problem.EncodeInput(Tokenizer, mod)[1..]);
        Assert.Equal("9", Problem.FormatAnswer(Problem.Solve(add)));
        Assert.Equal("2", Problem.FormatAnswer(Problem.Solve(mod)));

        foreach (var input in Problem.SplitInputs(DataSplit.Test).Concat(Problem.SplitInputs(DataSplit.OutOfSample)))
        {
            Assert.Equal(input, Problem.DecodeInput(Tokenizer, Problem.EncodeInput(Tokenizer, input)));
            Assert.True(Problem.TryParseInput(Problem.FormatInput(input), out var parsed, out _));
            Assert.Equal(input, parsed);
            var answer = Problem.Solve(input);
            var decoded = MathTokenizer.Frame(Problem.EncodeAnswer(Tokenizer, answer));
            Assert.Equal(answer, Problem.ParseAnswer(Tokenizer, input, decoded));
            Assert.True(Problem.Check(Tokenizer, input, decoded).Correct);
            Assert.Equal(answer, Problem.ParseAnswerText(input, Problem.FormatAnswer(answer)));
        }
    }

    [Fact]
    public void EachTaskVerifies_WithItsOwnVerifier()
    {
        Assert.True(Problem.TryParseInput("modadd:5+4", out var mod, out _));
        Assert.True(Problem.Verify(mod, [2, 2]).Correct);
        Assert.False(Problem.Verify(mod, [2, 9]).Correct); // the sum, but not mod 7
        Assert.False(Problem.Verify(mod, [0, 2]).Correct); // the right number answering another task
        Assert.True(Problem.TryParseInput("gcd:12,18", out var gcd, out _));
        Assert.True(Problem.Verify(gcd, [1, 6]).Correct);
        Assert.Equal("6", Problem.FormatAnswer([1, 6]));
    }

    [Fact]
    public void EachTasksSplits_AreItsOwn_AsASingleProblemRunWouldHoldThemOut()
    {
        foreach (var task in Problem.Tasks)
        {
            var bySplit = new[] { DataSplit.Train, DataSplit.Validation, DataSplit.Test }.ToDictionary(s => s, s =>
                Problem.SplitInputs(s).Where(i => i[0] == task.Index).Select(i => i[1..]).Select(i => string.Join(",", i)).ToList());
            // Disjoint, and together every in-range input of the task exactly once.
            var union = bySplit.Values.SelectMany(x => x).ToList();
            Assert.Equal(union.Count, union.Distinct().Count());
            Assert.Equal(task.Problem.InRange(task.Options.Max).Select(i => string.Join(",", i)).Order(StringComparer.Ordinal), union.Order(StringComparer.Ordinal));
            // The same test set as the task trained alone.
            var o = task.Options;
            var alone = ProblemRegistry.Create(o);
            var rule = new SplitRule(o.SplitSeed, o.ValidationFraction, o.TestFraction);
            Assert.Equal(ProblemData.Inputs(alone, o.Max, rule, DataSplit.Test, 0).Select(i => string.Join(",", i)), bySplit[DataSplit.Test]);
        }
    }

    [Theory]
    [InlineData("12,18", "'12,18' does not say which task it is: write task:input with one of this model's tasks (addition, gcd, modadd), e.g. addition:")]
    [InlineData("sub:3-1", "unknown task 'sub': this model's tasks are addition, gcd, modadd.")]
    [InlineData("gcd:12+18", "'12+18' is not a gcd")]
    public void ABadInput_GetsOneLineNamingTheTasks(string text, string expected)
    {
        Assert.False(Problem.TryParseInput(text, out _, out var error));
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ProblemInput_TakesTheTaskFromTheTextOrApart_ForBothKindsOfModel()
    {
        Assert.True(ProblemInput.TryParse(Problem, "GCD", "12,18", out var input, out _));
        Assert.Equal([1L, 12, 18], input);
        Assert.True(ProblemInput.TryParse(Problem, "gcd", "gcd:12,18", out input, out _));
        Assert.False(ProblemInput.TryParse(Problem, "addition", "gcd:12,18", out _, out var error));
        Assert.Equal("'gcd:12,18' names task 'gcd', but --problem is 'addition'.", error);
        Assert.Equal("unknown task 'sub': this model's tasks are addition, gcd, modadd.", ProblemInput.CheckTask(Problem, "sub"));

        var addition = new AdditionProblem();
        Assert.True(ProblemInput.TryParse(addition, null, "addition:12+34", out input, out _));
        Assert.Equal([12L, 34], input);
        Assert.True(ProblemInput.TryParse(addition, "addition", "12+34", out _, out _));
        Assert.False(ProblemInput.TryParse(addition, null, "gcd:12,18", out _, out error));
        Assert.Equal("unknown task 'gcd': this model solves addition only.", error);
        Assert.Null(ProblemInput.CheckTask(addition, "Addition"));
    }
}
