using System.Diagnostics;
using System.Globalization;
using System.Text;
using NeuralMath.Search;

namespace NeuralMath.Cli.Output;

/// <summary>
/// A build's progress: on a terminal, the leaderboard redrawn in place with the running trial's step under it; when
/// output is redirected, plain lines (one per trial that moved), so logs stay readable; or nothing.
/// </summary>
internal sealed class LeaderboardView(string mode) : IBuildObserver
{
    private readonly bool _live = mode == "live" || (mode == "auto" && !Console.IsOutputRedirected);
    private readonly bool _quiet = mode == "none";
    private readonly Stopwatch _sinceDraw = Stopwatch.StartNew(), _sinceSnapshot = new();
    private BuildSnapshot? _snapshot;
    private int _tableLines;
    private string _status = "";

    public void Message(string text)
    {
        if (_quiet) return;
        Erase();
        Console.WriteLine(text);
        Draw();
    }

    public void Changed(BuildSnapshot snapshot)
    {
        if (_quiet) return;
        _sinceSnapshot.Restart();
        if (_live)
        {
            Erase();
            _snapshot = snapshot;
            _status = "";
            Draw();
        }
        else
        {
            foreach (var line in LeaderboardText.Changes(_snapshot, snapshot)) Console.WriteLine(line);
            _snapshot = snapshot;
        }
    }

    public void Stepped(int trial, int step, int targetSteps)
    {
        if (!_live || _quiet || _sinceDraw.ElapsedMilliseconds < 200) return;
        _sinceDraw.Restart();
        string spent = _snapshot is null ? ""
            : $"   budget {ModelBuilder.Clock(_snapshot.SpentSeconds + _sinceSnapshot.Elapsed.TotalSeconds)} of {ModelBuilder.Clock(_snapshot.BudgetSeconds)}";
        _status = string.Create(CultureInfo.InvariantCulture, $"trial {trial}: step {step:N0} / {targetSteps:N0}{spent}");
        Console.Write($"\r\u001b[K{_status}");
    }

    /// <summary>Stops redrawing: what is on screen stays, and later output starts on a fresh line.</summary>
    public void Close()
    {
        if (!_live || _quiet) return;
        Erase();
        _snapshot = null;
    }

    // Removes the table and the status line (the cursor sits at the end of the status line).
    private void Erase()
    {
        if (!_live) return;
        var text = new StringBuilder("\r");
        if (_tableLines > 0) text.Append(CultureInfo.InvariantCulture, $"\u001b[{_tableLines}A");
        text.Append("\u001b[J");
        Console.Write(text.ToString());
        _tableLines = 0;
    }

    private void Draw()
    {
        if (!_live || _snapshot is null) return;
        var lines = LeaderboardText.Table(_snapshot).ToList();
        foreach (var line in lines) Console.WriteLine(line);
        _tableLines = lines.Count;
        Console.Write(_status);
        _sinceDraw.Restart();
    }
}
