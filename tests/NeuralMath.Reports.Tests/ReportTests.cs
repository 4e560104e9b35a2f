using System.Text.RegularExpressions;
using NeuralMath.Evaluation;
using NeuralMath.Problems;
using NeuralMath.Reports.Figures;

namespace NeuralMath.Reports.Tests;

public sealed partial class ReportTests(TrainedRuns runs)
{
    private static readonly string[] Common =
    [
        "embedding-similarity.png", "embedding-spectrum.png", "attention-encoder.png", "attention-decoder.png", "attention-cross.png",
        "training-loss.png", "learning-rate.png", "validation-accuracy.png", "resident-memory.png",
    ];

    [Fact]
    public void FontsArePresent_SoFiguresHaveText()
    {
        // With no font files SkiaSharp draws no text and raises no error: fail here instead (install fonts-dejavu-core).
        PlotFiles.UseReportFont();
        Assert.False(string.IsNullOrEmpty(ScottPlot.Fonts.Default), "No fonts found: install fonts-dejavu-core.");
    }

    [Fact]
    public void AdditionReport_HasTheMapAndTheCommonFigures_AsRealPngsOfTheAskedSize()
    {
        AssertFigures(runs.Addition,
        [
            "addition-map.png", "addition-lengths.png", "addition-by-larger-operand.png", "addition-by-decile.png", "addition-in-range-vs-oos.png", .. Common,
        ]);
        Assert.Contains(runs.Addition.Evaluations, e => e.Split.StartsWith("map:", StringComparison.Ordinal));
    }

    [Fact]
    public void AdditionReport_DrawsTheLengthGrid_FromOneToThreeTimesTheTrainedLength()
    {
        // Trained on [0, 20]: two digits, so the grid runs to 6 digits; 20 pairs per cell (all 10 × 10 of the 1x1 cell would be 100).
        var grid = runs.Addition.Evaluations.Single(e => e.Split.StartsWith("lengths:", StringComparison.Ordinal));
        Assert.Equal("lengths:1-6", grid.Split);
        var cells = grid.Groups[LengthGrid.Group];
        Assert.Equal(36, cells.Count);
        Assert.All(cells.Values, c => Assert.Equal(20, c.Count));
        Assert.Equal(grid.Count, cells.Values.Sum(c => c.Count));
        string tables = Path.Combine(Path.GetDirectoryName(runs.Addition.IndexPath)!, "tables");
        Assert.Equal(37, File.ReadAllLines(Path.Combine(tables, "lengths-1-6-by-operandLengths.csv")).Length);
        var figure = runs.Addition.Figures.Single(f => f.FileName == "addition-lengths.png");
        Assert.Contains("up to 2 digits", figure.Caption, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLengthGrid_OfAModelWithoutInputsOrRightAnswers_StillDraws()
    {
        string folder = Directory.CreateDirectory(Path.Combine(runs.Root, "lengths-all-wrong")).FullName;
        var problem = new AdditionProblem();
        var tokenizer = new NeuralMath.Tokenization.MathTokenizer(10, NeuralMath.Tokenization.DigitOrder.LeastSignificantFirst, problem.Operators);
        var inputs = LengthGrid.Inputs(problem, 10, 1, 4, 3);
        var wrong = EvaluationReport.Create(problem, "lengths:1-4", 1, inputs.Select(i => new Prediction(i, [])).ToArray(), 0, tokenizer);
        var empty = EvaluationReport.Create(problem, "lengths:1-4", 1, [], 0, tokenizer);
        foreach (var (report, name) in new[] { (wrong, "wrong"), (empty, "empty") })
        {
            var figure = LengthMap.Draw(problem, report, trainedLength: 2, numberBase: 10, Directory.CreateDirectory(Path.Combine(folder, name)).FullName);
            Assert.Equal((figure.Width, figure.Height), Png.Size(Path.Combine(folder, name, figure.FileName)));
        }
    }

    [Fact]
    public void FactorizationReport_HasTheAccuracyCharts_AndTheCommonFigures()
    {
        AssertFigures(runs.Factorization,
        [
            "factorization-by-factor-count.png", "factorization-by-smallest-factor.png", "factorization-by-decile.png",
            "factorization-in-range-vs-oos.png", .. Common,
        ]);
        Assert.DoesNotContain(runs.Factorization.Figures, f => f.FileName == "addition-map.png");
    }

    [Fact]
    public void GcdReport_MapsPairsFromOne_AndChartsAccuracyByTheTrueGcd()
    {
        AssertFigures(runs.Gcd,
        [
            "gcd-map.png", "gcd-lengths.png", "gcd-by-gcd.png", "gcd-by-operand-digits.png", "gcd-by-decile.png", "gcd-in-range-vs-oos.png",
            "learned-gcd.png", .. Common,
        ]);
        // Which gcds are learned comes from a class-stratified set of test pairs (at most 100 a class; with operands up
        // to 30, the large gcds have few pairs and fewer in the test split).
        var stratified = runs.Gcd.Evaluations.Single(e => e.Split == "stratified");
        Assert.All(stratified.Groups["gcd"].Keys, k => Assert.InRange(int.Parse(k, System.Globalization.CultureInfo.InvariantCulture), 1, 30));
        Assert.InRange(stratified.Groups["gcd"]["1"].Count, 10, 100);
        Assert.All(stratified.Groups["gcd"].Values, m => Assert.InRange(m.Count, 1, 100));
        var map = runs.Gcd.Evaluations.Single(e => e.Split.StartsWith("map:", StringComparison.Ordinal));
        Assert.Equal("map:1-44", map.Split); // 30 + (30 - 1) / 2
        Assert.Contains("1", runs.Gcd.Evaluations.Single(e => e.Split == "test").Groups["gcd"].Keys);
        Assert.Contains("commonDivisor", runs.Gcd.Evaluations.Single(e => e.Split == "test").Metrics.Keys);
    }

    [Fact]
    public void MultitaskReport_DrawsEachTasksOwnFigures_InASectionPerTask()
    {
        string[] addition = ["addition-map.png", "addition-lengths.png", "addition-by-larger-operand.png", "addition-by-decile.png", "addition-in-range-vs-oos.png"];
        string[] factorization = ["factorization-by-factor-count.png", "factorization-by-smallest-factor.png", "factorization-by-decile.png", "factorization-in-range-vs-oos.png"];
        AssertFigures(runs.Multitask, [.. addition, .. factorization, .. Common, "validation-accuracy-by-task.png"]);
        Assert.All(runs.Multitask.Figures, f => Assert.Equal(
            addition.Contains(f.FileName) ? "addition" : factorization.Contains(f.FileName) ? "factorization" : null, f.Section));
        // Each task's test and out-of-sample reports are its own (its groups), labelled with the task in the tables.
        var test = runs.Multitask.Evaluations.Single(e => e.Split == "test");
        Assert.Equal(["addition", "factorization"], test.Tasks!.Keys);
        Assert.Contains("factorCount", runs.Multitask.Evaluations.Single(e => e.Split == "test (factorization)").Groups.Keys);
        Assert.Contains(runs.Multitask.Evaluations, e => e.Split == "map:0-30" && e.Problem == "addition");
        string html = File.ReadAllText(runs.Multitask.IndexPath);
        int first = html.IndexOf("<h2>Task: addition</h2>", StringComparison.Ordinal), second = html.IndexOf("<h2>Task: factorization</h2>", StringComparison.Ordinal);
        Assert.True(first > 0 && second > first, "one section per task, in task order");
        Assert.True(html.IndexOf("addition-map.png", StringComparison.Ordinal) is var map && map > first && map < second);
    }

    [Fact]
    public void TheMap_OfAModelThatIsWrongEverywhere_IsAllRed()
    {
        string folder = Directory.CreateDirectory(Path.Combine(runs.Root, "all-wrong")).FullName;
        var square = new OperandSquare(0, 5, 8);
        var (grid, stride) = OperandMap.Grid(square, 100);
        var predictions = grid.Select(input => new Prediction(input, [])).ToArray();
        var figure = OperandMap.Draw(new AdditionProblem(), predictions, square, stride, 3, folder);
        Assert.Equal((figure.Width, figure.Height), Png.Size(Path.Combine(folder, figure.FileName)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void IndexHtml_LinksEveryFigureRelatively_AndNothingExternal(bool addition)
    {
        var report = addition ? runs.Addition : runs.Factorization;
        string html = File.ReadAllText(report.IndexPath);
        var sources = ImgSource().Matches(html).Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(report.Figures.Select(f => f.FileName).Order(), sources.Order());
        Assert.All(sources, s => Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(report.IndexPath)!, s)), s));
        Assert.DoesNotContain("http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("top-1", html, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTables_AreDataFrames_ShownInThePage_AndSavedAsCsv()
    {
        var report = runs.Factorization;
        string tables = Path.Combine(Path.GetDirectoryName(report.IndexPath)!, "tables");
        var summary = File.ReadAllLines(Path.Combine(tables, "metrics.csv"));
        Assert.Equal("split,inputs,beams,top-1,any-of-k,verified,malformed", summary[0]);
        Assert.Equal(report.Evaluations.Count + 1, summary.Length);
        var test = report.Evaluations.Single(e => e.Split == "test");
        var row = summary.Single(l => l.StartsWith("test,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(test.Count, int.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(test.Top1Accuracy, double.Parse(row[3], System.Globalization.CultureInfo.InvariantCulture), 1e-9);

        var byFactorCount = File.ReadAllLines(Path.Combine(tables, "test-by-factorCount.csv"));
        Assert.Equal(test.Groups["factorCount"].Count + 1, byFactorCount.Length);
        Assert.Equal(test.Count, byFactorCount.Skip(1).Sum(l => int.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)));

        string html = File.ReadAllText(report.IndexPath);
        Assert.Contains($"<td>test</td><td>{test.Count}</td>", html, StringComparison.Ordinal);
        Assert.Contains("<h3>test by factorCount</h3>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void TheAdditionMapGrid_StaysUnderItsPointBudget_WithTheSmallestStride()
    {
        var (inputs, stride) = OperandMap.Grid(new(0, 256, 399), 40_000);
        Assert.Equal(2, stride);
        Assert.Equal(200 * 200, inputs.Length);
        Assert.Equal([398L, 398L], inputs[^1]);
        Assert.Equal(1, OperandMap.Grid(new(0, 20, 30), 40_000).Stride);
        // A square that starts at 1 (gcd) starts its grid there.
        var (gcdGrid, _) = OperandMap.Grid(new(1, 20, 30), 40_000);
        Assert.Equal([1L, 1L], gcdGrid[0]);
        Assert.Equal([30L, 30L], gcdGrid[^1]);
    }

    [Fact]
    public void TheCli_WritesAReport()
    {
        string output = Path.Combine(runs.Root, "cli-report");
        var (code, stdout, stderr) = NeuralMath.Tests.Cli.CliRunner.Run(null, "report", "--model", runs.AdditionModel, "--out", output, "--beams", "2", "--input", "7+8", "--map-to", "99");
        Assert.True(code == 0, $"{stdout}\n{stderr}");
        Assert.Contains("index.html", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "addition-map.png")));
        Assert.Contains("map:0-99", File.ReadAllText(Path.Combine(output, "tables", "metrics.csv")), StringComparison.Ordinal);
    }

    [Fact]
    public void TheCli_RejectsAMapSmallerThanTheTrainingRange()
    {
        var (code, _, stderr) = NeuralMath.Tests.Cli.CliRunner.Run(null, "report", "--model", runs.AdditionModel, "--out", Path.Combine(runs.Root, "bad-map"), "--map-to", "5");
        Assert.Equal(2, code);
        Assert.Contains("--map-to 5", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCli_RejectsAnInputTheModelCannotTake()
    {
        var (code, _, stderr) = NeuralMath.Tests.Cli.CliRunner.Run(null, "report", "--model", runs.AdditionModel, "--out", Path.Combine(runs.Root, "bad"), "--input", "7+x");
        Assert.Equal(2, code);
        Assert.Contains("--input", stderr, StringComparison.Ordinal);
    }

    private static void AssertFigures(WrittenReport report, string[] expected)
    {
        Assert.Equal(expected.Order(), report.Figures.Select(f => f.FileName).Order());
        string folder = Path.GetDirectoryName(report.IndexPath)!;
        foreach (var f in report.Figures)
        {
            var (width, height) = Png.Size(Path.Combine(folder, f.FileName));
            Assert.Equal((f.Width, f.Height), (width, height));
            Assert.InRange(width, 300, 2400);
        }
    }

    [GeneratedRegex("<img src=\"([^\"]+)\"")]
    private static partial Regex ImgSource();
}
