using Microsoft.ML.Runtime;

namespace NeuralMath.Search;

/// <summary>Forwards a build's progress to an ML.NET channel (and so to <c>MLContext.Log</c>), then to the caller's observer.</summary>
internal sealed class ChannelBuildObserver(IChannel channel, IBuildObserver? next) : IBuildObserver
{
    private BuildSnapshot? _previous;

    public void Message(string text)
    {
        channel.Info(MessageSensitivity.None, text);
        next?.Message(text);
    }

    public void Changed(BuildSnapshot snapshot)
    {
        // One Info line per trial that moved, as the CLI prints when its output is redirected.
        foreach (var line in LeaderboardText.Changes(_previous, snapshot)) channel.Info(MessageSensitivity.None, line);
        _previous = snapshot;
        next?.Changed(snapshot);
    }

    public void Stepped(int trial, int step, int targetSteps) => next?.Stepped(trial, step, targetSteps);
}
