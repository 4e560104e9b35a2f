using System.CommandLine;
using System.Runtime.InteropServices;
using NeuralMath.Training;

namespace NeuralMath.Cli.Commands;

/// <summary>
/// Turns expected failures into one clear line on stderr and a non-zero exit code: 2 for a config, flag or input
/// mistake, 3 when training diverged.
/// </summary>
internal static class CommandErrors
{
    private const string OutOfMemoryAdvice = "lower model.modelDim, model.feedForwardDim, the layer counts, training.batchSize or problem.max";

    /// <summary>Reports the parser's errors (unknown option, a value of the wrong type, ...) on one line; exit code 2.</summary>
    public static int ParseFailed(ParseResult parse)
    {
        var messages = parse.Errors.Select(e => string.Join(' ', e.Message.Split('\n', '\r', '\t').Select(s => s.Trim()).Where(s => s.Length > 0)));
        Console.Error.WriteLine($"error: {string.Join("; ", messages)} (see neuralmath {parse.CommandResult.Command.Name} --help)");
        return 2;
    }

    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (Describe(e) is string line)
        {
            // In an MPI job every rank may fail the same way: say which one speaks.
            string rank = Distributed.Communicator.IsJoined ? $"rank {Distributed.Communicator.World.Rank}: " : "";
            Console.Error.WriteLine($"error: {rank}{line}");
            return e is TrainingDivergedException ? 3 : 2;
        }
    }

    // The line for an expected failure; null for anything else, a bug whose stack trace is worth seeing.
    private static string? Describe(Exception e) => e switch
    {
        // ArgumentException appends " (Parameter 'x')"; the message already names the setting.
        ArgumentException { ParamName: string name } => e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal),
        ArgumentException or InvalidDataException or InvalidOperationException or TrainingDivergedException
            or IOException or UnauthorizedAccessException => e.Message,
        // The memory estimate refuses what clearly cannot fit; what still fails to allocate ends here. libtorch's
        // message carries its C++ stack after the first line.
        ExternalException when IsAllocationFailure(e.Message) => $"out of memory ({FirstLine(e.Message)}); {OutOfMemoryAdvice}.",
        OutOfMemoryException => $"out of memory ({e.Message}); {OutOfMemoryAdvice}.",
        _ => null,
    };

    // DefaultCPUAllocator: "can't allocate memory"; CUDA: "CUDA out of memory. Tried to allocate ...".
    private static bool IsAllocationFailure(string message) =>
        message.Contains("can't allocate memory", StringComparison.Ordinal) || message.Contains("out of memory", StringComparison.OrdinalIgnoreCase);

    private static string FirstLine(string text) => text.Split('\n', 2)[0].TrimEnd();
}
