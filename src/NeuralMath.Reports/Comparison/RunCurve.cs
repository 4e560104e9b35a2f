using System.Text.Json;
using System.Text.Json.Nodes;

namespace NeuralMath.Reports.Comparison;

/// <summary>One evaluation of a run: when it happened (training minutes, examples seen) and what validation measured.</summary>
public sealed record CurvePoint(int Step, double TrainingMinutes, long ExamplesSeen, double Top1, double? AnyOfK);

/// <summary>
/// A run's validation curve, read from its folder's <c>metrics.jsonl</c>. Training minutes exclude validation time
/// (the trainer pauses its clock while it evaluates); logs written before that change count it, and say so through
/// <see cref="IncludesEvaluationTime"/>.
/// </summary>
public sealed class RunCurve
{
    private RunCurve(string name, IReadOnlyList<CurvePoint> points, bool includesEvaluationTime)
    {
        Name = name;
        Points = points;
        IncludesEvaluationTime = includesEvaluationTime;
    }

    /// <summary>The run's name (its folder name).</summary>
    public string Name { get; }

    /// <summary>The evaluations in step order.</summary>
    public IReadOnlyList<CurvePoint> Points { get; }

    /// <summary>True for logs from before training time excluded validation (no <c>examplesSeen</c> field).</summary>
    public bool IncludesEvaluationTime { get; }

    /// <summary>Whether the run logged any-of-k (validation with more than one beam).</summary>
    public bool HasAnyOfK => Points.Count > 0 && Points.All(p => p.AnyOfK is not null);

    /// <summary>
    /// Reads a run folder. Older logs without <c>examplesSeen</c> get step × batch size × accumulation from the folder's
    /// <c>config.json</c> (exact except for an epoch's one short batch).
    /// </summary>
    public static RunCurve Load(string runFolder)
    {
        ArgumentNullException.ThrowIfNull(runFolder);
        string metrics = Path.Combine(runFolder, "metrics.jsonl");
        if (!File.Exists(metrics)) throw new FileNotFoundException($"'{runFolder}' has no metrics.jsonl: is it a training run folder?", metrics);
        string name = Path.GetFileName(Path.GetFullPath(runFolder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        long examplesPerStep = ExamplesPerStep(runFolder);
        var points = new List<CurvePoint>();
        bool legacy = false;
        int lineNumber = 0;
        foreach (var line in File.ReadLines(metrics))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonObject row;
            try
            {
                row = JsonNode.Parse(line)?.AsObject() ?? throw new InvalidDataException("empty");
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or InvalidDataException)
            {
                throw new InvalidDataException($"{metrics}, line {lineNumber}: not a JSON object.", e);
            }
            int step = (int)Number(row, "step", metrics, lineNumber);
            long examples;
            if (row["examplesSeen"] is null)
            {
                legacy = true;
                examples = step * examplesPerStep;
            }
            else examples = (long)Number(row, "examplesSeen", metrics, lineNumber);
            double? anyOfK = row["validationAnyOfK"] is null ? null : Number(row, "validationAnyOfK", metrics, lineNumber);
            points.Add(new CurvePoint(step, Number(row, "trainingSeconds", metrics, lineNumber) / 60, examples, Number(row, "validationTop1", metrics, lineNumber), anyOfK));
        }
        if (points.Count == 0) throw new InvalidDataException($"{metrics} has no evaluations yet.");
        return new RunCurve(name, [.. points.OrderBy(p => p.Step)], legacy);
    }

    /// <summary>The first evaluation whose metric reached <paramref name="threshold"/>, or null if none did.</summary>
    public CurvePoint? FirstReaching(double threshold, bool anyOfK) =>
        Points.FirstOrDefault(p => (anyOfK ? p.AnyOfK ?? double.NaN : p.Top1) >= threshold);

    private static long ExamplesPerStep(string runFolder)
    {
        string config = Path.Combine(runFolder, "config.json");
        if (!File.Exists(config)) return 0;
        var training = JsonNode.Parse(File.ReadAllText(config))?["training"];
        long batch = training?["batchSize"]?.GetValue<long>() ?? 0, accumulation = training?["accumulation"]?.GetValue<long>() ?? 1;
        return batch * accumulation;
    }

    private static double Number(JsonObject row, string field, string file, int line) =>
        row[field] is JsonValue v && v.TryGetValue(out double d) ? d
        : throw new InvalidDataException($"{file}, line {line}: '{field}' is missing or not a number.");
}
