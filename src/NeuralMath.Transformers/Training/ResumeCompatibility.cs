using System.Globalization;
using System.Text.Json.Nodes;
using NeuralMath.Configuration;

namespace NeuralMath.Training;

/// <summary>
/// Which settings of a run may differ when it is resumed. Everything else must equal what its checkpoint was trained
/// with; otherwise the weights or optimizer state do not fit the model (a libtorch crash), or the run silently
/// stops being the run it was.
/// </summary>
/// <remarks>
/// Settings are compared as dotted JSON paths, so a setting added to <see cref="RunConfig"/> later is refused on
/// resume until it is listed here. Keep the list in step with the README's train section.
/// </remarks>
internal static class ResumeCompatibility
{
    // Where and how fast, when to validate and checkpoint, the divergence guard, the final evaluation: none of them
    // changes the model, the optimizer state, the data order or a training loss. (Threads and precision change how a
    // step's floats are rounded, not what is stored: the weights and optimizer state stay float32 either way.)
    private static readonly HashSet<string> Free = new(StringComparer.Ordinal)
    {
        "training.threads", "training.device", "training.precision", "training.evalEvery", "training.checkpointEvery",
        "training.maxLoss", "training.trainSamples", "evaluation.beams", "evaluation.batchSize",
    };

    // The learning-rate schedule: extending a run (training.steps) or calming one that diverged. The learning rate of
    // every step from the checkpoint on follows the new schedule, so later losses differ from an uninterrupted run.
    private static readonly HashSet<string> Schedule = new(StringComparer.Ordinal)
    {
        "training.steps", "training.learningRate", "training.warmupSteps", "training.schedule",
    };

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> naming every setting of <paramref name="requested"/> that may not
    /// differ from <paramref name="trained"/>, or when the checkpoint is already past the requested last step.
    /// Returns a note for the user when the learning-rate schedule changed, otherwise null.
    /// </summary>
    public static string? Check(RunConfig trained, RunConfig requested, int checkpointStep, string runDirectory)
    {
        var was = Flatten(trained);
        var now = Flatten(requested);
        var changed = was.Keys.Union(now.Keys).Order(StringComparer.Ordinal)
            .Where(key => was.GetValueOrDefault(key) != now.GetValueOrDefault(key))
            .ToList();
        var refused = changed.Where(key => !Free.Contains(key) && !Schedule.Contains(key)).ToList();
        if (refused.Count > 0)
            throw new InvalidOperationException(
                $"--resume: the run in '{runDirectory}' was trained with " +
                string.Join("; ", refused.Select(key => $"{key}={was.GetValueOrDefault(key) ?? "(unset)"}, not {now.GetValueOrDefault(key) ?? "(unset)"}")) +
                ". These cannot change on resume; start a new run in another --out folder to change them.");
        if (requested.Training.Steps < checkpointStep)
            throw new InvalidOperationException(
                $"--resume: the checkpoint in '{runDirectory}' is at step {checkpointStep}, past training.steps={requested.Training.Steps}; resume with at least {checkpointStep} steps.");
        var schedule = changed.Where(Schedule.Contains).ToList();
        return schedule.Count == 0 ? null : string.Create(CultureInfo.InvariantCulture,
            $"Resuming with {string.Join(", ", schedule.Select(key => $"{key}={now[key]} (was {was[key]})"))}: from step {checkpointStep} on, the learning rate follows the new schedule.");
    }

    // Every leaf setting as "section.key" → its JSON text (strings without quotes, as users type them in --set).
    private static Dictionary<string, string> Flatten(RunConfig config)
    {
        var leaves = new Dictionary<string, string>(StringComparer.Ordinal);
        Visit(JsonNode.Parse(config.ToJson()), "");
        return leaves;

        void Visit(JsonNode? node, string path)
        {
            if (node is JsonObject obj)
                foreach (var (key, child) in obj) Visit(child, path.Length == 0 ? key : $"{path}.{key}");
            else
                leaves[path] = node is JsonValue value && value.TryGetValue(out string? text) ? text : node?.ToJsonString() ?? "null";
        }
    }
}
