using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using NeuralMath.Training;

namespace NeuralMath.Cli.Output;

/// <summary>
/// Training progress: a redrawn one-line bar on a terminal, plain log lines when output is redirected
/// (CI logs stay readable), or nothing.
/// </summary>
internal sealed class ProgressReporter(string mode) : ITrainingObserver
{
    private readonly bool _bar = mode == "bar" || (mode == "auto" && !Console.IsOutputRedirected);
    private readonly bool _quiet = mode == "none";
    private readonly Stopwatch _clock = new();
    private int _firstStep, _lastPrinted;
    private double _smoothedLoss = double.NaN;

    public void Started(int firstStep, int totalSteps, string summary)
    {
        _firstStep = firstStep;
        _clock.Restart();
        if (!_quiet) Console.WriteLine(summary);
    }

    public void Stepped(int step, int totalSteps, double loss, double learningRate, double tokensPerSecond)
    {
        _smoothedLoss = double.IsNaN(_smoothedLoss) ? loss : 0.9 * _smoothedLoss + 0.1 * loss;
        if (_quiet) return;
        double done = step - _firstStep;
        var eta = TimeSpan.FromSeconds(done > 0 ? _clock.Elapsed.TotalSeconds / done * (totalSteps - step) : 0);
        string text = string.Create(CultureInfo.InvariantCulture,
            $"step {step}/{totalSteps}  loss {_smoothedLoss:F4}  lr {learningRate:0.0e+0}  {tokensPerSecond:N0} tok/s  eta {eta:h\\:mm\\:ss}");
        if (_bar)
        {
            int width = 24, filled = (int)(width * (double)step / totalSteps);
            Console.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {text}   ");
        }
        else if (step - _lastPrinted >= Math.Max(1, totalSteps / 20) || step == totalSteps)
        {
            _lastPrinted = step;
            Console.WriteLine(text);
        }
    }

    public void Evaluated(JsonObject record)
    {
        if (_quiet) return;
        if (_bar) Console.WriteLine();
        // A multitask run: each task's share of the validation sample too.
        string tasks = record["validationTop1ByTask"] is JsonObject byTask
            ? "; " + string.Join(", ", byTask.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {(double)t.Value!:P1}"))) : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"eval step {record["step"]}: validation top-1 {(double)record["validationTop1"]!:P2}, loss {(double)record["validationLoss"]!:F4} ({record["validationCount"]} inputs){tasks}"));
    }

    public void Message(string text)
    {
        if (_quiet) return;
        if (_bar) Console.WriteLine();
        Console.WriteLine(text);
    }
}
