namespace NeuralMath.Problems;

/// <summary>
/// Reads a user's input for a model, single-problem or multitask, with the task named in the text (<c>gcd:12,18</c>) or
/// apart from it (<c>predict --problem gcd 12,18</c>). A single-problem model takes its own name as a prefix too, so
/// one way of writing inputs works for both kinds of model.
/// </summary>
public static class ProblemInput
{
    /// <summary>
    /// Parses <paramref name="text"/> for <paramref name="problem"/>. <paramref name="task"/>, when given, names the task
    /// of every input (checked with <see cref="CheckTask"/> first); a prefix in the text must then name the same task.
    /// </summary>
    public static bool TryParse(MathProblem problem, string? task, string text, out long[] input, out string error)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(text);
        string? prefix = SplitPrefix(text, out string body);
        if (prefix is not null && task is not null && !string.Equals(InputText.Trim(prefix), InputText.Trim(task), StringComparison.OrdinalIgnoreCase))
        {
            input = [];
            error = $"{InputText.Quote(InputText.Trim(text))} names task {InputText.Quote(InputText.Trim(prefix))}, but --problem is {InputText.Quote(InputText.Trim(task))}.";
            return false;
        }
        string? name = prefix ?? task;
        if (problem is MultitaskProblem multitask)
            return name is null ? multitask.TryParseInput(text, out input, out error) : multitask.TryParseInput(name, body, out input, out error);
        if (name is not null && !string.Equals(InputText.Trim(name), problem.Name, StringComparison.OrdinalIgnoreCase))
        {
            input = [];
            error = $"unknown task {InputText.Quote(InputText.Trim(name))}: this model solves {problem.Name} only.";
            return false;
        }
        return problem.TryParseInput(body, out input, out error);
    }

    /// <summary>Null when <paramref name="task"/> names a task of the model (any case), otherwise a one-line message listing them.</summary>
    public static string? CheckTask(MathProblem problem, string task)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(task);
        return problem is MultitaskProblem multitask
            ? multitask.FindTask(InputText.Trim(task)) is null ? $"unknown task {InputText.Quote(InputText.Trim(task))}: this model's tasks are {multitask.TaskNames}." : null
            : string.Equals(InputText.Trim(task), problem.Name, StringComparison.OrdinalIgnoreCase) ? null : $"unknown task {InputText.Quote(InputText.Trim(task))}: this model solves {problem.Name} only.";
    }

    // The task prefix of a text, if it has one (no problem's own input syntax uses the separator), and the rest in body.
    private static string? SplitPrefix(string text, out string body)
    {
        int colon = text.IndexOf(MultitaskProblem.PrefixSeparator, StringComparison.Ordinal);
        body = colon < 0 ? text : text[(colon + 1)..];
        return colon < 0 ? null : text[..colon];
    }
}
