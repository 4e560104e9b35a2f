using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;
using NeuralMath.Artifacts;
using NeuralMath.Data;
using NeuralMath.Decoding;
using NeuralMath.Evaluation;
using NeuralMath.Model;
using NeuralMath.Problems;
using NeuralMath.Reports.Figures;
using NeuralMath.Reports.Tables;
using NeuralMath.Tokenization;

namespace NeuralMath.Reports;

/// <summary>Writes a model's figures (PNG) and one self-contained <c>index.html</c> that shows them with the metrics tables.</summary>
public sealed class ReportWriter
{
    private readonly ModelArtifact _artifact;
    private readonly ReportOptions _options;
    private readonly Predictor _predictor;
    private readonly int _beams;
    private readonly (long[] Input, int[] Source) _attentionInput;

    /// <summary>Creates a writer for a loaded model; throws <see cref="ArgumentException"/> for an input the model cannot take.</summary>
    public ReportWriter(ModelArtifact artifact, ReportOptions? options = null)
    {
        _artifact = artifact ?? throw new ArgumentNullException(nameof(artifact));
        _options = options ?? new ReportOptions();
        _beams = _options.Beams ?? artifact.Config.Evaluation.Beams;
        ArgumentOutOfRangeException.ThrowIfLessThan(_beams, 1);
        _predictor = new Predictor(artifact.Problem, artifact.Tokenizer, new TorchStepDecoder(artifact.Model, artifact.Device)) { Ranks = _options.Ranks };
        // Checked here, not when the attention maps are drawn, so a bad --input fails before anything is written.
        _attentionInput = AttentionInput(_options.Input ?? DefaultInput());
        if (_options.MapHigh is { } mapHigh)
        {
            var square = artifact.Problem.Square(artifact.Config.Problem.Max, artifact.Config.Problem.OutOfSample)
                ?? throw new ArgumentException($"--map-to {mapHigh}: {artifact.Problem.Name} has no two-operand map.");
            if (mapHigh < square.TrainHigh)
                throw new ArgumentException($"--map-to {mapHigh}: the map must reach at least the largest trained operand, {square.TrainHigh}.");
        }
    }

    /// <summary>
    /// Writes everything into <paramref name="folder"/>: the figures and <c>index.html</c>.
    /// <paramref name="metricsPath"/> is the run's <c>metrics.jsonl</c> (training curves), when there is one.
    /// </summary>
    public WrittenReport Write(string folder, string modelName, string? metricsPath, Action<string>? log = null)
    {
        Directory.CreateDirectory(folder);
        PlotFiles.UseReportFont();
        var figures = new List<ReportFigure>();
        var reports = new List<EvaluationReport>();
        var test = Evaluate("test", Split(DataSplit.Test), log);
        var oos = Evaluate("oos", Split(DataSplit.OutOfSample), log);
        reports.Add(test);
        reports.Add(oos);

        if (_artifact.Problem.Tasks.Count > 0)
        {
            // One section per task, drawn by the same code as a single-problem model's, from the task's own reports.
            foreach (var task in _artifact.Problem.Tasks)
            {
                var taskTest = Labelled(test.Tasks?.GetValueOrDefault(task.Name) ?? Empty(task, "test"), task);
                var taskOos = Labelled(oos.Tasks?.GetValueOrDefault(task.Name) ?? Empty(task, "oos"), task);
                reports.Add(taskTest);
                reports.Add(taskOos);
                var section = ProblemFigures(task.Problem, task.Options, x => task.Tag(x), TaskPredictions.Untag, taskTest, taskOos, reports, folder, log);
                figures.AddRange(section.Select(f => f with { Section = task.Name }));
            }
        }
        else
        {
            var p = _artifact.Config.Problem;
            figures.AddRange(ProblemFigures(_artifact.Problem, p, x => x, x => x, test, oos, reports, folder, log));
        }

        figures.Add(EmbeddingSimilarity.Draw(EmbeddingSimilarity.Matrix(_artifact.Model, _artifact.Tokenizer.Vocabulary), _artifact.Tokenizer.Vocabulary, folder));
        if (_artifact.Tokenizer.Vocabulary.Base >= 4) // at least two frequencies to compare
            figures.Add(EmbeddingSpectrum.Draw(EmbeddingSpectrum.Shares(_artifact.Model, _artifact.Tokenizer.Vocabulary), _artifact.Tokenizer.Vocabulary.Base, folder));
        figures.AddRange(Attention(folder));
        if (metricsPath is not null && File.Exists(metricsPath)) figures.AddRange(TrainingCurves.Draw(metricsPath, folder));

        WriteTables(reports, Path.Combine(folder, "tables"));
        string index = Path.Combine(folder, "index.html");
        File.WriteAllText(index, HtmlPage.Render(_artifact, modelName, reports, figures));
        return new WrittenReport(index, figures, reports);
    }

    /// <summary>
    /// The figures of one problem (the model's, or one task's): its operand map and length grid when it has an operand
    /// square, and its group charts. <paramref name="toModel"/> turns the problem's inputs into the model's (a task adds
    /// its index) and <paramref name="fromModel"/> the model's predictions back into the problem's.
    /// </summary>
    private List<ReportFigure> ProblemFigures(MathProblem problem, Configuration.ProblemOptions options, Func<long[], long[]> toModel, Func<Prediction, Prediction> fromModel,
        EvaluationReport test, EvaluationReport oos, List<EvaluationReport> reports, string folder, Action<string>? log)
    {
        var figures = new List<ReportFigure>();
        if (problem.Square(options.Max, options.OutOfSample) is { } problemSquare)
        {
            // --map-to names the model's own map (a multitask model has none: the constructor refuses it).
            var square = _options.MapHigh is { } high && ReferenceEquals(problem, _artifact.Problem) ? problemSquare with { High = high } : problemSquare;
            var (grid, stride) = OperandMap.Grid(square, _options.MaxMapPoints);
            log?.Invoke($"{problem.Name} map: {grid.Length} pairs, stride {stride}");
            var predictions = Predict(grid, toModel, fromModel);
            reports.Add(EvaluationReport.Create(problem, $"map:{square.Low}-{square.High}", _beams, predictions, 0));
            figures.Add(OperandMap.Draw(problem, predictions, square, stride, _beams, folder));

            int trained = _artifact.Tokenizer.DigitCount(square.TrainHigh);
            var lengths = LengthGridInputs(problem, toModel, trained, log);
            if (lengths.Inputs.Length > 0)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var byLengthPredictions = Predict(lengths.Inputs, toModel, fromModel);
                var byLength = EvaluationReport.Create(problem, lengths.Split, _beams, byLengthPredictions, clock.Elapsed.TotalSeconds, _artifact.Tokenizer);
                reports.Add(byLength);
                figures.Add(LengthMap.Draw(problem, byLength, trained, _artifact.Tokenizer.Base, folder));
            }
        }
        figures.AddRange(GroupCharts.Draw(problem, test, oos, _beams, folder));
        if (problem.Groups.Any(g => g.AnswerClasses))
        {
            // Which classes are learned needs every class well represented: a class-stratified test set.
            var rule = new SplitRule(options.SplitSeed, options.ValidationFraction, options.TestFraction);
            var inputs = ProblemData.Stratified(problem, options.Max, rule, StratifiedPerClass).ToArray();
            log?.Invoke($"{problem.Name} stratified: {inputs.Length} inputs");
            var stratified = EvaluationReport.Create(problem, "stratified", _beams, Predict(inputs, toModel, fromModel), 0);
            reports.Add(stratified);
            figures.AddRange(LearnedClassesChart.Draw(problem, stratified, folder));
        }
        return figures;
    }

    // Decodes a problem's inputs with the model and reads the predictions back as the problem's.
    private Prediction[] Predict(long[][] inputs, Func<long[], long[]> toModel, Func<Prediction, Prediction> fromModel) =>
        [.. _predictor.Predict([.. inputs.Select(toModel)], new BeamSearchOptions { Beams = _beams }, _options.BatchSize).Select(fromModel)];

    // A task's report with the task in its split name, so the tables tell the tasks apart.
    private static EvaluationReport Labelled(EvaluationReport report, ProblemTask task)
    {
        report.Split = $"{report.Split} ({task.Name})";
        return report;
    }

    // Test inputs per answer class in the class-stratified evaluation: Charton's ~1,000 / 10, for minutes on a CPU.
    private const int StratifiedPerClass = 100;

    // A task without inputs in a split (outOfSample 0): an empty report keeps the charts' layout.
    private EvaluationReport Empty(ProblemTask task, string split) => EvaluationReport.Create(task.Problem, split, _beams, [], 0);

    /// <summary>The page's tables as CSV: <c>metrics.csv</c> and <c>&lt;split&gt;-by-&lt;group&gt;.csv</c>.</summary>
    private static void WriteTables(IReadOnlyList<EvaluationReport> reports, string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var stale in Directory.EnumerateFiles(folder, "*.csv")) File.Delete(stale); // an earlier report's tables
        CsvTable.Save(MetricsTables.Summary(reports), Path.Combine(folder, "metrics.csv"));
        foreach (var (split, group, table) in MetricsTables.Breakdowns(reports))
            CsvTable.Save(table, Path.Combine(folder, $"{FileName(split)}-by-{FileName(group)}.csv"));
    }

    private static string FileName(string name) => string.Concat(name.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch == '-' ? ch : '-'));

    private long[][] Split(DataSplit split)
    {
        var p = _artifact.Config.Problem;
        var rule = new SplitRule(p.SplitSeed, p.ValidationFraction, p.TestFraction);
        // Inputs the model cannot take (too many digits) are left out, as eval would refuse them.
        var all = ProblemData.Inputs(_artifact.Problem, p.Max, rule, split, p.OutOfSample)
            .Where(i => _predictor.TryEncode(i, out _) is not null).ToArray();
        return Sampling.Stride(all, _options.MaxSplitInputs);
    }

    /// <summary>
    /// The length grid's inputs the model can take: operands of 1 to <see cref="ReportOptions.MaxGridLength"/> digits
    /// (default: three times the longest trained operand), <see cref="ReportOptions.GridInputsPerCell"/> per pair of lengths.
    /// </summary>
    private (string Split, long[][] Inputs) LengthGridInputs(MathProblem problem, Func<long[], long[]> toModel, int trainedLength, Action<string>? log)
    {
        int longest = _options.MaxGridLength ?? 3 * trainedLength;
        var inputs = LengthGrid.Inputs(problem, _artifact.Tokenizer.Base, 1, longest, _options.GridInputsPerCell)
            .Where(i => _predictor.TryEncode(toModel(i), out _) is not null).ToArray();
        string split = string.Create(CultureInfo.InvariantCulture, $"lengths:1-{longest}");
        log?.Invoke($"{split}: {inputs.Length} inputs, {_beams} beam(s)");
        return (split, inputs);
    }

    private EvaluationReport Evaluate(string name, long[][] inputs, Action<string>? log)
    {
        log?.Invoke($"{name}: {inputs.Length} inputs, {_beams} beam(s)");
        return _predictor.Evaluate(name, inputs, new BeamSearchOptions { Beams = _beams }, _options.BatchSize);
    }

    private IEnumerable<ReportFigure> Attention(string folder)
    {
        var problem = _artifact.Problem;
        var (input, source) = _attentionInput;
        var greedy = _predictor.Predict([input], new BeamSearchOptions { Beams = 1 })[0].Beams[0].Hypothesis.Tokens;
        // The decoder reads [SOS] and every generated token but the final [EOS].
        int[] decoderInput = [Vocabulary.StartId, .. greedy.Length > 0 && greedy[^1] == Vocabulary.EndId ? greedy[..^1] : greedy];
        var maps = AttentionMaps.Capture(_artifact.Model, source, decoderInput);
        var vocabulary = _artifact.Tokenizer.Vocabulary;
        var sourceTokens = source.Select(vocabulary.SymbolOf).ToArray();
        var decoderTokens = decoderInput.Select(vocabulary.SymbolOf).ToArray();
        // Tokens as the model wrote them; the answer read back in the normal order (they differ least-significant first).
        var answer = problem.ParseAnswer(_artifact.Tokenizer, input, greedy);
        string read = answer is null ? "" : $" = {problem.FormatAnswer(answer)}";
        string order = _artifact.Tokenizer.Order == DigitOrder.LeastSignificantFirst ? ", digits least-significant first" : "";
        string shown = $"{problem.FormatInput(input)} (greedy output: {vocabulary.Render(greedy)}{read}{order})";
        // A model without encoder layers or decoder self-attention has no such maps to draw.
        if (maps.Encoder.Length > 0)
            yield return AttentionGrid.Draw(maps.Encoder, sourceTokens, sourceTokens, "encoder", shown, "attention-encoder.png", folder);
        if (maps.Decoder.Length > 0)
            yield return AttentionGrid.Draw(maps.Decoder, decoderTokens, decoderTokens, "decoder", shown, "attention-decoder.png", folder);
        yield return AttentionGrid.Draw(maps.Cross, decoderTokens, sourceTokens, "cross", shown, "attention-cross.png", folder);
    }

    private (long[] Input, int[] Source) AttentionInput(string text)
    {
        if (!ProblemInput.TryParse(_artifact.Problem, null, text, out var input, out var error)) throw new ArgumentException($"--input {InputText.Quote(text)}: {error}");
        var source = _predictor.TryEncode(input, out error) ?? throw new ArgumentException($"--input {InputText.Quote(text)}: {error}");
        return (input, source);
    }

    // The problem's typical in-range input (addition: with carries; factorization: three prime factors).
    private string DefaultInput() => _artifact.Problem.FormatInput(_artifact.Problem.ExampleInput(_artifact.Config.Problem.Max));
}
