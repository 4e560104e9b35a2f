using System.Diagnostics;
using System.Reflection;

namespace NeuralMath.MLNet.Tests;

/// <summary>The predict sample (samples/NeuralMath.Samples.Predict), run in its own process: a model zip loaded where nothing of the test lives.</summary>
internal static class PredictSample
{
    /// <summary>Runs the sample on <paramref name="zip"/> with <paramref name="inputs"/>; its output lines (it must exit 0).</summary>
    public static string[] Run(string zip, IEnumerable<string> inputs)
    {
        string sample = typeof(PredictSample).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PredictSample").Value!;
        Assert.True(File.Exists(sample), $"The predict sample was not built at '{sample}'.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { sample, zip }.Concat(inputs)) start.ArgumentList.Add(a);
        using var child = Process.Start(start)!;
        string stdout = child.StandardOutput.ReadToEnd(), stderr = child.StandardError.ReadToEnd();
        child.WaitForExit();
        Assert.True(child.ExitCode == 0, $"child exited {child.ExitCode}: {stderr}");
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
