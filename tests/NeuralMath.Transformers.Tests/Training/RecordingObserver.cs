using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using NeuralMath.Training;

namespace NeuralMath.Tests.Training;

/// <summary>Keeps the trainer's messages and metrics records, and runs an action after a chosen step (to interrupt or disturb a run there).</summary>
internal sealed class RecordingObserver(int atStep = -1, Action? action = null) : ITrainingObserver
{
    public ConcurrentQueue<string> Messages { get; } = new();

    public ConcurrentQueue<JsonObject> Evaluations { get; } = new();

    public void Started(int firstStep, int totalSteps, string summary) { }

    public void Stepped(int step, int totalSteps, double loss, double learningRate, double tokensPerSecond)
    {
        if (step == atStep) action?.Invoke();
    }

    public void Evaluated(JsonObject record) => Evaluations.Enqueue(record);

    public void Message(string text) => Messages.Enqueue(text);
}
