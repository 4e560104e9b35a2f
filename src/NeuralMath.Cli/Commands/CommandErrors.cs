using NeuralMath.Training;

namespace NeuralMath.Cli.Commands;

/// <summary>Turns expected failures into one clear line on stderr and a non-zero exit code.</summary>
internal static class CommandErrors
{
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
