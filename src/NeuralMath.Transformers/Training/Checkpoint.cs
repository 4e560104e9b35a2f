using System.Text.Json.Nodes;
using NeuralMath.Artifacts;
using NeuralMath.Configuration;
using NeuralMath.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralMath.Training;

/// <summary>
/// A training checkpoint: a model file (<see cref="ModelArtifact"/>) with two extra entries, the optimizer's state
/// and the <see cref="TrainingState"/>, which together let a resumed run continue exactly.
/// </summary>
internal static class Checkpoint
{
    private const string OptimizerEntry = "optimizer.bin", StateEntry = "trainer.json";

    public static void Save(string path, RunConfig config, Seq2SeqModel model, OptimizerHelper optimizer, TrainingState state, JsonObject metadata)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) optimizer.save_state_dict(writer);
        var extra = new Dictionary<string, byte[]>
        {
            [OptimizerEntry] = buffer.ToArray(),
            [StateEntry] = state.ToJsonBytes(),
        };
        ModelArtifact.Save(path, config, model, metadata, extra);
    }

    /// <summary>The config and training state a checkpoint holds, without touching a live model.</summary>
    public static (RunConfig Config, TrainingState State) Peek(string path)
    {
        using var saved = ModelArtifact.Load(path, "cpu", out var extra);
        return (saved.Config, ReadState(path, extra));
    }

    /// <summary>Copies the checkpoint's weights and optimizer state into <paramref name="model"/> and <paramref name="optimizer"/>.</summary>
    public static TrainingState Restore(string path, Seq2SeqModel model, OptimizerHelper optimizer)
    {
        using var saved = ModelArtifact.Load(path, "cpu", out var extra);
        var state = ReadState(path, extra);
        using (no_grad())
        {
            var target = model.state_dict();
            foreach (var (name, tensor) in saved.Model.state_dict()) target[name].copy_(tensor);
        }
        using (var reader = new BinaryReader(new MemoryStream(extra[OptimizerEntry]))) optimizer.load_state_dict(reader);
        return state;
    }

    private static TrainingState ReadState(string path, Dictionary<string, byte[]> extra) =>
        extra.ContainsKey(OptimizerEntry) && extra.TryGetValue(StateEntry, out var stateBytes)
            ? TrainingState.FromJsonBytes(stateBytes)
            : throw new InvalidDataException($"'{path}' is a model file, not a training checkpoint.");
}
