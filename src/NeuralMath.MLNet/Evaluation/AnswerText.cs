using System.Globalization;
using NeuralMath.Problems;

namespace NeuralMath.Evaluation;

/// <summary>
/// Reads an answer written by <see cref="MathProblem.FormatAnswer"/> (e.g. <c>7 * 13</c>) back into numbers, so
/// predictions stored as text can be verified again. Only the exact text FormatAnswer writes is accepted.
/// </summary>
internal static class AnswerText
{
    public static long[]? TryParse(MathProblem problem, string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parts = text.Split([.. problem.Operators], StringSplitOptions.TrimEntries);
        var answer = new long[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (parts[i].Length == 0 || !parts[i].All(char.IsAsciiDigit) || !long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out answer[i]))
                return null;
        // The round trip keeps this the exact inverse of FormatAnswer, whatever spacing it uses.
        return problem.FormatAnswer(answer) == text ? answer : null;
    }
}
