using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.ML.Runtime;

namespace NeuralMath.Training;

/// <summary>Forwards core training progress to an ML.NET channel (and so to <c>MLContext.Log</c>), then to the user's observer.</summary>
internal sealed class ChannelTrainingObserver(IChannel channel, ITrainingObserver? next) : ITrainingObserver
{
    public void Started(int firstStep, int totalSteps, string summary)
    {
        channel.Info(MessageSensitivity.None, string.Create(CultureInfo.InvariantCulture, $"Training steps {firstStep + 1}-{totalSteps}: {summary}"));
        next?.Started(firstStep, totalSteps, summary);
    }

    public void Stepped(int step, int totalSteps, double loss, double learningRate, double tokensPerSecond)
    {
        // Every step is Trace (ML.NET's verbose level); evaluations below are Info.
        channel.Trace(MessageSensitivity.None, string.Create(CultureInfo.InvariantCulture, $"step {step}/{totalSteps} loss {loss:F4} lr {learningRate:G3} {tokensPerSecond:F0} tok/s"));
        next?.Stepped(step, totalSteps, loss, learningRate, tokensPerSecond);
    }

    public void Evaluated(JsonObject record)
    {
        channel.Info(MessageSensitivity.None, string.Create(CultureInfo.InvariantCulture,
            $"step {record["step"]}: train loss {(double)record["trainLoss"]!:F4}, validation loss {(double)record["validationLoss"]!:F4}, validation top-1 {(double)record["validationTop1"]!:P2}"));
        next?.Evaluated(record);
    }

    public void Message(string text)
    {
        channel.Info(MessageSensitivity.None, text);
        next?.Message(text);
    }
}
