using System.Text.Json;
using System.Text.Json.Nodes;
using NeuralMath.Decoding;
using NeuralMath.Evaluation;
using NeuralMath.Problems;

namespace NeuralMath.Tests.Evaluation;

/// <summary>The report is the same for every problem; a problem's own rates and repeated groups keep their JSON names.</summary>
public class EvaluationReportTests
{
    private static Prediction Answered(MathProblem problem, long[] input, params long[][] beams) =>
        new(input, [.. beams.Select(answer => new CheckedBeam(new Hypothesis([], -1, -1, true), answer, problem.Verify(input, answer)))]);

    private static EvaluationReport Factorization()
    {
        var problem = new FactorizationProblem();
        return EvaluationReport.Create(problem, "test", 2,
        [
            Answered(problem, [91], [91], [7, 13]), // an echo, then right
            Answered(problem, [12], [4, 3], [2, 2, 3]), // right product, a composite factor
            Answered(problem, [13], [13]), // a prime, answered right
            Answered(problem, [45], [3, 3, 5]),
        ], 0.5);
    }

    [Fact]
    public void FactorizationRates_AreNamedMetrics_OverTheirOwnInputs()
    {
        var report = Factorization();
        Assert.Equal(0.5, report.Top1Accuracy);
        Assert.Equal(1.0, report.AnyOfKAccuracy);
        Assert.Equal(1.0, report.Metric("correctProduct"));
        Assert.Equal(0.5, report.Metric("correctFactorization"));
        Assert.Equal(1.0 / 3, report.Metric("echoRate")); // one of the three composites
        Assert.Null(report.Metric("commonDivisor"));
        Assert.Equal(1.0, report.Groups["factorCount"]["2"].Metrics["echoRate"]);
        Assert.Equal(0.0, report.Groups["factorCount"]["1"].Metrics["echoRate"]); // no composites: 0, not NaN
    }

    [Fact]
    public void EvalJson_KeepsTheFactorizationFieldNames_AndReadsBack()
    {
        var report = Factorization();
        var json = JsonNode.Parse(JsonSerializer.Serialize(report, EvaluationJson.Options))!.AsObject();
        foreach (var key in new[] { "problem", "split", "count", "beams", "top1Accuracy", "anyOfKAccuracy", "verifiedAccuracy", "malformedRate", "firstCorrectBeam", "groups", "seconds", "correctProduct", "correctFactorization", "echoRate", "byFactorCount" })
            Assert.True(json.ContainsKey(key), key);
        Assert.Equal(1.0 / 3, (double)json["echoRate"]!);
        Assert.Equal(json["groups"]!["factorCount"]!.ToJsonString(), json["byFactorCount"]!.ToJsonString());
        Assert.Equal(1.0, (double)json["groups"]!["factorCount"]!["2"]!["correctProduct"]!);
        Assert.False(json.ContainsKey("metrics") || json.ContainsKey("groupFields"));

        var back = JsonSerializer.Deserialize<EvaluationReport>(json.ToJsonString(), EvaluationJson.Options)!;
        Assert.Equal(report.Metrics, back.Metrics);
        Assert.Equal(report.Groups["factorCount"]["2"].Metrics, back.Groups["factorCount"]["2"].Metrics);
    }

    [Fact]
    public void AProblemWithoutRates_WritesOnlyTheCommonFields()
    {
        var problem = new AdditionProblem();
        var report = EvaluationReport.Create(problem, "test", 1, [Answered(problem, [45, 202], [247]), new Prediction([1, 2], [])], 0);
        var json = JsonNode.Parse(JsonSerializer.Serialize(report, EvaluationJson.Options))!.AsObject();
        Assert.Equal(0.5, report.MalformedRate);
        Assert.DoesNotContain("echoRate", json.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(["count", "top1Accuracy", "anyOfKAccuracy"], json["groups"]!["largerOperand"]!["0-99"]!.AsObject().Select(kv => kv.Key));
    }

    [Fact]
    public void Buckets_AreInNaturalOrder_NumbersAsNumbers()
    {
        var problem = new AdditionProblem();
        var tokenizer = new NeuralMath.Tokenization.MathTokenizer(10, NeuralMath.Tokenization.DigitOrder.LeastSignificantFirst, problem.Operators);
        long[][] inputs = [[1000, 1], [950, 1], [100, 1], [10, 123456789], [10, 1234567890]];
        var report = EvaluationReport.Create(problem, "x", 1, [.. inputs.Select(i => Answered(problem, i, problem.Solve(i)))], 0, tokenizer);
        Assert.Equal(["100-199", "900-999", "1000-9999", "100000000-999999999", "1000000000-9999999999"], report.Groups["largerOperand"].Keys);
        Assert.Equal(["2x9", "2x10", "3x1", "4x1"], report.Groups[LengthGrid.Group].Keys);
    }

    [Fact]
    public void LearnedClasses_AreTheGcdsAnsweredRight_AmongThoseWithEnoughInputs()
    {
        var problem = new GcdProblem();
        var predictions = new List<Prediction>();
        for (long u = 1; u <= 10; u++)
        {
            predictions.Add(Answered(problem, [u * 2, (u * 2) + 2], [2 * GcdProblem.Gcd(u, u + 1)])); // gcd 2, always right
            predictions.Add(Answered(problem, [u * 3 * 5, (u * 3 * 5) + 3], [1])); // gcd 3, always "1"
            predictions.Add(Answered(problem, [(u * 2 * 7) - 7, (u * 2 * 7) + 7], u <= 9 ? [7] : [1])); // gcd 7, 9 of 10 right
        }
        predictions.Add(Answered(problem, [5, 10], [5])); // gcd 5: right, but one input is too few to judge
        var report = EvaluationReport.Create(problem, "stratified", 1, predictions, 0);

        var (group, judged, learned) = Assert.Single(LearnedClasses.Of(report, problem));
        Assert.Equal("gcd", group);
        Assert.Equal([2L, 3, 7], judged);
        Assert.Equal([2L, 7], learned);
        Assert.Empty(LearnedClasses.Of(report, new AdditionProblem()));
    }
}
