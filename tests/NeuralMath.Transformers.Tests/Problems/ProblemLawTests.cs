using NeuralMath.Configuration;
using NeuralMath.Problems;
using NeuralMath.Tokenization;

namespace NeuralMath.Tests.Problems;

/// <summary>
/// The contract every registered problem keeps, checked on its own inputs (in range, out of sample, training draws and
/// its example): text, tokens and answers read back exactly, the right answer verifies, groups are the declared ones.
/// A new problem is covered by registering it.
/// </summary>
public class ProblemLawTests
{
    public static TheoryData<string> Names => [.. ProblemRegistry.Names.Order(StringComparer.Ordinal)];

    private static MathTokenizer[] Tokenizers(MathProblem problem) =>
    [
        MathTokenizer.For(problem, 10, DigitOrder.MostSignificantFirst),
        MathTokenizer.For(problem, 2, DigitOrder.LeastSignificantFirst),
        MathTokenizer.For(problem, 30, DigitOrder.MostSignificantFirst),
    ];

    // Small sizes keep every set enumerable; a small pool makes the two-operand problems sample too.
    private static IEnumerable<long[]> Inputs(MathProblem problem) =>
        problem.InRange(12).Take(200)
            .Concat(problem.OutOfSample(12, 3).Take(100))
            .Concat(problem.TrainingInputs(12).Take(100))
            .Concat([problem.ExampleInput(12), problem.ExampleInput(256), problem.ExampleInput(1L << 30)]);

    private static IEnumerable<MathProblem> Variants(string name)
    {
        var plain = RegisteredProblems.Create(name);
        yield return plain;
        foreach (var d in plain.Distributions.Where(d => d != OperandDistribution.Uniform))
            yield return ProblemRegistry.Create(new ProblemOptions { Name = name, Distribution = d, Samples = plain.Settings.Contains("samples") ? 50 : null });
    }

    /// <summary>
    /// ONNX exports describe the source as the example's token body with each digit run standing for the next operand
    /// (manifest.json's input.template): that shape must hold for every input, with one digit run per operand.
    /// </summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void EverySourceBody_HasTheExamplesShape_OneDigitRunPerOperand(string name)
    {
        foreach (var problem in Variants(name))
        {
            Assert.False(string.IsNullOrWhiteSpace(problem.DescribeInput()));
            foreach (var tokenizer in Tokenizers(problem))
            {
                string Shape(long[] input)
                {
                    int[] body = problem.EncodeInput(tokenizer, input);
                    return string.Join(' ', body.Where((id, i) => !tokenizer.Vocabulary.IsDigit(id) || i == 0 || !tokenizer.Vocabulary.IsDigit(body[i - 1]))
                        .Select(id => tokenizer.Vocabulary.IsDigit(id) ? "#" : tokenizer.Vocabulary.Symbols[id]));
                }

                // A multitask input has its task's shape, behind the task token.
                Assert.All(Inputs(problem), input =>
                {
                    string expected = Shape(RegisteredProblems.ExampleLike(problem, input, 12));
                    Assert.Equal(RegisteredProblems.ArityOf(problem, input) - (problem is MultitaskProblem ? 1 : 0), expected.Split(' ').Count(p => p == "#"));
                    Assert.Equal(expected, Shape(input));
                });
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void InputsReadBack_FromTextAndFromTokens(string name)
    {
        foreach (var problem in Variants(name))
            foreach (var input in Inputs(problem))
            {
                Assert.Null(problem.ValidateInput(input));
                Assert.Equal(RegisteredProblems.ArityOf(problem, input), input.Length);
                Assert.InRange(input.Length, 1, problem.Arity);
                string text = problem.FormatInput(input);
                Assert.True(problem.TryParseInput(text, out var parsed, out var error), $"{text}: {error}");
                Assert.Equal(input, parsed);
                foreach (var tok in Tokenizers(problem))
                    Assert.Equal(input, problem.DecodeInput(tok, problem.EncodeInput(tok, input)));
            }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void TheRightAnswer_RoundTrips_AndVerifies(string name)
    {
        foreach (var problem in Variants(name))
            foreach (var input in Inputs(problem))
            {
                var answer = problem.Solve(input);
                Assert.True(problem.Verify(input, answer).Correct, problem.FormatInput(input));
                Assert.Equal(answer, problem.ParseAnswerText(input, problem.FormatAnswer(answer)));
                foreach (var tok in Tokenizers(problem))
                    Assert.Equal(answer, problem.ParseAnswer(tok, input, MathTokenizer.Frame(problem.EncodeAnswer(tok, answer))));
            }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void MetricGroups_AreTheDeclaredOnes_InOrder(string name)
    {
        var problem = RegisteredProblems.Create(name);
        var declared = problem.Groups.Select(g => g.Name).ToArray();
        Assert.Equal(declared.Length, declared.Distinct().Count());
        Assert.DoesNotContain("decile", declared); // reports add it
        foreach (var input in Inputs(problem))
        {
            var buckets = problem.MetricGroups(input).ToArray();
            Assert.Equal(declared, buckets.Select(b => b.Group));
            Assert.All(buckets, b => Assert.True(b.Bucket.Length > 0 && !b.Bucket.Contains(':', StringComparison.Ordinal), b.Bucket)); // oversample keys are group:bucket
        }
        Assert.Equal(problem.AnswerMetrics.Count, problem.AnswerMetrics.Select(m => m.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void SplitKeys_AreDistinct_AndTheInRangeSetHasNoRepeats(string name)
    {
        var problem = RegisteredProblems.Create(name);
        var inputs = problem.InRange(40).ToArray();
        Assert.Equal(inputs.Length, inputs.Select(i => problem.FormatInput(i)).Distinct().Count());
        Assert.Equal(inputs.Length, inputs.Select(i => problem.SplitKey(i)).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void DecodeInput_AcceptsOnlyTheCanonicalSpelling(string name)
    {
        var problem = RegisteredProblems.Create(name);
        var tok = Tokenizers(problem)[0];
        var body = problem.EncodeInput(tok, problem.ExampleInput(256));
        Assert.Null(problem.DecodeInput(tok, [tok.Vocabulary.IdOfDigit(0), .. body])); // a leading zero
        Assert.Null(problem.DecodeInput(tok, [.. body, tok.Vocabulary.IdOf(problem.Operators[0])])); // a dangling operator
        Assert.Null(problem.DecodeInput(tok, []));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ParseAnswerText_RejectsAnythingButFormatAnswersOwnText(string name)
    {
        var problem = RegisteredProblems.Create(name);
        var input = problem.ExampleInput(256);
        string text = problem.FormatAnswer(problem.Solve(input));
        foreach (var bad in new[] { "", " ", " " + text, text + " ", "-" + text, "0" + text, "x", text + problem.Operators[0] })
            Assert.Null(problem.ParseAnswerText(input, bad));
    }
}
