using System.Globalization;
using NeuralMath.Reports.Comparison;

namespace NeuralMath.Reports.Tests;

public sealed class ComparisonTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nm-compare-" + Guid.NewGuid().ToString("N"));

    // A synthetic log: top-1 rises 0.1 per evaluation, any-of-2 0.15; each evaluation is 2 training minutes and 1,000 examples.
    private string Run(string name, double offset, bool withExamples = true)
    {
        string folder = Path.Combine(_dir, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), """{"training":{"batchSize":10,"accumulation":1}}""");
        var lines = Enumerable.Range(1, 8).Select(i => string.Create(CultureInfo.InvariantCulture,
            $$"""{"step":{{100 * i}},{{(withExamples ? $"\"examplesSeen\":{1000 * i}," : "")}}"trainingSeconds":{{120 * i}},"validationTop1":{{Math.Min(1, offset + 0.1 * i)}},"validationAnyOfK":{{Math.Min(1, offset + 0.15 * i)}}}"""));
        File.WriteAllLines(Path.Combine(folder, "metrics.jsonl"), lines);
        return folder;
    }

    [Fact]
    public void TimeToThreshold_IsTheFirstEvaluationAtOrAboveIt()
    {
        var fast = RunCurve.Load(Run("fast", 0.2));
        var slow = RunCurve.Load(Run("slow", 0.0));
        var table = RunComparison.TimeToThreshold([fast, slow], [0.5, 0.7, 0.95], anyOfK: false);
        // fast: top-1 0.3, 0.4, 0.5 at the third evaluation (6 minutes), 0.7 at the fifth (10); never 0.95 (max 1.0 at the eighth: 16).
        Assert.Equal(6.0, (double)table["minutes to 0.5"][0]);
        Assert.Equal(3000L, (long)table["examples to 0.5"][0]);
        Assert.Equal(10.0, (double)table["minutes to 0.7"][0]);
        Assert.Equal(16.0, (double)table["minutes to 0.95"][0]);
        // slow: 0.5 at the fifth (10 minutes), 0.7 at the seventh (14), 0.95 never (0.8 at the end).
        Assert.Equal(10.0, (double)table["minutes to 0.5"][1]);
        Assert.Equal(14.0, (double)table["minutes to 0.7"][1]);
        Assert.Null(table["minutes to 0.95"][1]);
        Assert.Equal(0.8, (double)table["best value"][1], 9);

        var anyOfK = RunComparison.TimeToThreshold([slow], [0.6], anyOfK: true);
        Assert.Equal(8.0, (double)anyOfK["minutes to 0.6"][0]); // 0.15 · 4 = 0.6 at the fourth evaluation
    }

    [Fact]
    public void OlderLogs_DeriveExamplesFromStepsAndSaySo()
    {
        var old = RunCurve.Load(Run("old", 0.0, withExamples: false));
        Assert.True(old.IncludesEvaluationTime);
        Assert.Equal(1000L, old.Points[0].ExamplesSeen); // step 100 × batch 10
    }

    [Fact]
    public void Write_DrawsRealPngs_AndWritesTheTableAndPage()
    {
        var runs = new[] { RunCurve.Load(Run("a", 0.2)), RunCurve.Load(Run("b", 0.0)) };
        string index = RunComparison.Write(Path.Combine(_dir, "out"), runs, RunComparison.DefaultThresholds, anyOfK: true);
        foreach (var png in new[] { "accuracy-vs-minutes.png", "accuracy-vs-examples.png" })
            Assert.Equal((800, 480), Png.Size(Path.Combine(_dir, "out", png)));
        var csv = File.ReadAllLines(Path.Combine(_dir, "out", "time-to-threshold.csv"));
        Assert.Equal(3, csv.Length);
        Assert.StartsWith("run,minutes to 0.5,examples to 0.5", csv[0], StringComparison.Ordinal);
        string html = File.ReadAllText(index);
        Assert.Contains("accuracy-vs-minutes.png", html, StringComparison.Ordinal);
        Assert.Contains("<td>a</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void BadInput_IsRefusedClearly()
    {
        Assert.Throws<FileNotFoundException>(() => RunCurve.Load(Path.Combine(_dir, "missing")));
        string folder = Run("broken", 0);
        File.AppendAllText(Path.Combine(folder, "metrics.jsonl"), "{not json\n");
        var e = Assert.Throws<InvalidDataException>(() => RunCurve.Load(folder));
        Assert.Contains("line 9", e.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
