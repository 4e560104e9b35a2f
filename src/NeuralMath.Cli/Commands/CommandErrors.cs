using System.CommandLine;
using NeuralMath.Training;

namespace NeuralMath.Cli.Commands;

/// <summary>
/// Turns expected failures into one clear line on stderr and a non-zero exit code: 2 for a config, flag or input
/// mistake, 3 when training diverged.
/// </summary>
internal static class CommandErrors
{
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
        catch (Exception e) when (e is ArgumentException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException
            or InvalidOperationException or TrainingDivergedException or IOException or UnauthorizedAccessException)
        {
            // ArgumentException appends " (Parameter 'x')"; the message already names the setting.
            string message = e is ArgumentException { ParamName: string name } ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;
            Console.Error.WriteLine($"error: {message}");
            return e is TrainingDivergedException ? 3 : 2;
        }
    }
}
