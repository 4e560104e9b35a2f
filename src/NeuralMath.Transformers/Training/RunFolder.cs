using System.Text.Json.Nodes;
using NeuralMath.Evaluation;
using NeuralMath.IO;

namespace NeuralMath.Training;

/// <summary>
/// The files of a run folder and how each is written: <c>config.json</c> and <c>results.json</c> atomically,
/// <c>metrics.jsonl</c> one line per evaluation, cut back to a checkpoint's step on resume.
/// </summary>
internal sealed class RunFolder(string directory)
{
    public const string CheckpointFile = "checkpoint.nmm", ModelFile = "model.nmm", MetricsFile = "metrics.jsonl";

    public string Directory { get; } = directory;

    public string ModelPath => Path.Combine(Directory, ModelFile);

    public string CheckpointPath => Path.Combine(Directory, CheckpointFile);

    private string MetricsPath => Path.Combine(Directory, MetricsFile);

    public void WriteConfig(string json) => AtomicFile.Default.WriteAllText(Path.Combine(Directory, "config.json"), json);

    public void WriteResults(JsonObject results) =>
        AtomicFile.Default.WriteAllText(Path.Combine(Directory, "results.json"), results.ToJsonString(EvaluationJson.Indented));

    public void AppendMetrics(JsonObject record) => File.AppendAllText(MetricsPath, record.ToJsonString(EvaluationJson.Options) + "\n");

    /// <summary>
    /// Keeps the metrics lines up to the checkpoint's step: a run killed after an evaluation but before the next
    /// checkpoint logged lines that the resumed run will log again.
    /// </summary>
    public void TruncateMetrics(int checkpointStep)
    {
        if (!File.Exists(MetricsPath)) return;
        var kept = File.ReadAllLines(MetricsPath).Where(line =>
        {
            if (string.IsNullOrWhiteSpace(line)) return false;
            try
            {
                return JsonNode.Parse(line)?["step"]?.GetValue<int>() is int s && s <= checkpointStep;
            }
            catch (System.Text.Json.JsonException)
            {
                return false; // a line cut short by a crash mid-write
            }
        });
        AtomicFile.Default.WriteAllText(MetricsPath, string.Concat(kept.Select(line => line + "\n")));
    }
}
