using System.Text.Json.Nodes;

namespace NeuralMath.Training;

/// <summary>Receives training progress: the CLI draws a progress bar or log lines, ML.NET forwards to its log.</summary>
public interface ITrainingObserver
{
    /// <summary>Training is about to run steps <paramref name="firstStep"/>..<paramref name="totalSteps"/>; <paramref name="summary"/> describes the run.</summary>
    void Started(int firstStep, int totalSteps, string summary);

    /// <summary>An optimizer step finished.</summary>
    void Stepped(int step, int totalSteps, double loss, double learningRate, double tokensPerSecond);

    /// <summary>A validation evaluation finished; <paramref name="record"/> is the metrics-log line.</summary>
    void Evaluated(JsonObject record);

    /// <summary>Something worth telling the user (checkpoint written, resumed, stopped...).</summary>
    void Message(string text);
}

/// <summary>An observer that ignores everything.</summary>
internal sealed class SilentObserver : ITrainingObserver
{
    /// <inheritdoc />
    public void Started(int firstStep, int totalSteps, string summary) { }

    /// <inheritdoc />
    public void Stepped(int step, int totalSteps, double loss, double learningRate, double tokensPerSecond) { }

    /// <inheritdoc />
    public void Evaluated(JsonObject record) { }

    /// <inheritdoc />
    public void Message(string text) { }
}
