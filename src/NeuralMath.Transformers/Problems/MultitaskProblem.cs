using System.Diagnostics.CodeAnalysis;
using NeuralMath.Configuration;
using NeuralMath.Data;
using NeuralMath.Tokenization;

namespace NeuralMath.Problems;

/// <summary>
/// Several problems served by one model: each task is an ordinary <see cref="MathProblem"/> with its own settings, and a
/// source starts with the task's token, e.g. <c>&lt;gcd&gt; 1 2 gcd 1 8</c>. Every member delegates to the task's
/// problem, so trainer, beam search, evaluator, CLI, ML.NET and ONNX serve a multitask model through the same calls.
/// </summary>
/// <remarks>
/// An input is the task's index followed by the task's input (<c>[2, 12, 18]</c> for gcd(12,18) when gcd is task 2);
/// an answer likewise carries its task (<c>[2, 6]</c>), so it is written and checked by that task alone. Text prefixes the
/// task's own text with its name: <c>gcd:12,18</c> (written back as <c>gcd:gcd(12,18)</c>). The split inputs are the union
/// of every task's own splits (<see cref="SplitInputs(DataSplit)"/>); the size arguments of the range methods are ignored, since
/// every task has its own <c>max</c> and <c>outOfSample</c>.
/// </remarks>
public sealed class MultitaskProblem : MathProblem
{
    /// <summary>The registry name.</summary>
    public const string ProblemName = "multitask";

    /// <summary>What separates a task's name from its input in text, as in <c>gcd:12,18</c>.</summary>
    public const char PrefixSeparator = ':';

    /// <summary>Builds the tasks <c>problem.tasks</c> lists, each with its own options.</summary>
    public MultitaskProblem(ProblemOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Tasks is not { Count: > 0 } tasks)
            throw new ArgumentOutOfRangeException("problem.tasks", "problem.tasks must list the problems of a multitask model.");
        Tasks = [.. tasks.Select((t, i) => new ProblemTask(i, t))];
        Operators = [.. Tasks.SelectMany(t => t.Problem.Operators).Distinct(StringComparer.Ordinal)];
        TaskTokens = [.. Tasks.Select(t => t.Token)];
        Arity = 1 + Tasks.Max(t => t.Problem.Arity);
    }

    /// <summary>The tasks, in config order (an input's first number is an index into this list).</summary>
    public override IReadOnlyList<ProblemTask> Tasks { get; }

    /// <summary>The task names, for messages: <c>addition, gcd</c>.</summary>
    public string TaskNames => string.Join(", ", Tasks.Select(t => t.Name));

    /// <summary>The task token of a problem name: <c>&lt;gcd&gt;</c>.</summary>
    public static string TokenOf(string problemName) => $"<{problemName}>";

    /// <inheritdoc />
    public override string Name => ProblemName;

    /// <inheritdoc />
    public override IReadOnlyList<string> Operators { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string> TaskTokens { get; }

    /// <summary>The task index plus the operands of the task that takes the most.</summary>
    public override int Arity { get; }

    /// <summary>The task a problem name names (any case), or null.</summary>
    public ProblemTask? FindTask(string name) => Tasks.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The task of a multitask input or answer; throws for one that names no task.</summary>
    public override ProblemTask TaskOf(ReadOnlySpan<long> tagged) =>
        TryTaskOf(tagged, out var task) ? task : throw new ArgumentException($"A multitask input or answer starts with a task index from 0 to {Tasks.Count - 1}.", nameof(tagged));

    private bool TryTaskOf(ReadOnlySpan<long> tagged, [NotNullWhen(true)] out ProblemTask? task)
    {
        task = tagged.Length > 0 && tagged[0] >= 0 && tagged[0] < Tasks.Count ? Tasks[(int)tagged[0]] : null;
        return task is not null;
    }

    /// <summary>
    /// The inputs of a split: every task's own split of its own range (its <c>max</c>, split fractions and seed, and
    /// <c>outOfSample</c>), tagged, task after task. A task's held-out inputs are held out exactly as a single-problem
    /// run of that task would hold them out.
    /// </summary>
    public IEnumerable<long[]> SplitInputs(DataSplit split) => Tasks.SelectMany(t => t.SplitInputs(split));

    /// <summary>Every task's own split (<see cref="SplitInputs(DataSplit)"/>); the arguments are the tasks' own and are not used.</summary>
    public override IEnumerable<long[]> SplitInputs(long max, SplitRule rule, DataSplit split, long outOfSampleCount) => SplitInputs(split);

    /// <inheritdoc />
    public override string Identity => $"{Name}[{string.Join(",", Tasks.Select(t => t.Problem.Identity))}]";

    /// <inheritdoc />
    public override string? ValidateInput(ReadOnlySpan<long> input) =>
        TryTaskOf(input, out var task) ? task.Problem.ValidateInput(input[1..]) : $"a multitask input starts with its task, one of {TaskNames}.";

    /// <inheritdoc />
    public override long[] Solve(ReadOnlySpan<long> input)
    {
        var task = TaskOf(input);
        return task.Tag(task.Problem.Solve(input[1..]));
    }

    /// <inheritdoc />
    public override int[] EncodeInput(MathTokenizer tokenizer, ReadOnlySpan<long> input)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var task = TaskOf(input);
        return [tokenizer.Vocabulary.IdOf(task.Token), .. task.Problem.EncodeInput(tokenizer, input[1..])];
    }

    /// <summary>The answer's token body: the task's own (the task token is only in the source).</summary>
    public override int[] EncodeAnswer(MathTokenizer tokenizer, ReadOnlySpan<long> answer) => TaskOf(answer).Problem.EncodeAnswer(tokenizer, answer[1..]);

    /// <summary>Not supported: which task asked decides how an answer reads; use the overload with the input.</summary>
    public override long[]? ParseAnswerBody(MathTokenizer tokenizer, ReadOnlySpan<int> body) =>
        throw new NotSupportedException("A multitask answer is read with the input it answers: call ParseAnswer(tokenizer, input, decoded).");

    /// <inheritdoc />
    public override long[]? ParseAnswerBody(MathTokenizer tokenizer, ReadOnlySpan<long> input, ReadOnlySpan<int> body)
    {
        var task = TaskOf(input);
        return task.Problem.ParseAnswerBody(tokenizer, input[1..], body) is { } answer ? task.Tag(answer) : null;
    }

    /// <summary>Not supported: which task asked decides how an answer reads; use the overload with the input.</summary>
    public override long[]? ParseAnswerText(string text) =>
        throw new NotSupportedException("A multitask answer is read with the input it answers: call ParseAnswerText(input, text).");

    /// <inheritdoc />
    public override long[]? ParseAnswerText(ReadOnlySpan<long> input, string text)
    {
        var task = TaskOf(input);
        return task.Problem.ParseAnswerText(input[1..], text) is { } answer ? task.Tag(answer) : null;
    }

    /// <summary>Checked by the task's own verifier; an answer tagged with another task is wrong.</summary>
    public override Verdict Verify(ReadOnlySpan<long> input, ReadOnlySpan<long> answer) =>
        answer.Length > 0 && TryTaskOf(input, out var task) && answer[0] == input[0] ? task.Problem.Verify(input[1..], answer[1..]) : new Verdict(false);

    /// <inheritdoc />
    public override IReadOnlyList<MetricGroup> Groups => [new("task", "the problem an input asks")];

    /// <summary>The task only; each task's own groups are in its own report (<c>EvaluationReport.Tasks</c>).</summary>
    public override IEnumerable<(string Group, string Bucket)> MetricGroups(ReadOnlySpan<long> input) => [("task", TaskOf(input).Name)];

    /// <summary>Parses <c>task:input</c>, e.g. <c>gcd:12,18</c> or <c>addition:12+34</c>.</summary>
    public override bool TryParseInput(string text, out long[] input, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = InputText.Trim(text);
        int colon = trimmed.IndexOf(PrefixSeparator, StringComparison.Ordinal);
        if (colon < 0)
        {
            input = [];
            error = $"{InputText.Quote(trimmed)} does not say which task it is: write task:input with one of this model's tasks ({TaskNames}), e.g. {FormatInput(ExampleInput(0))}.";
            return false;
        }
        return TryParseInput(trimmed[..colon], trimmed[(colon + 1)..], out input, out error);
    }

    /// <summary>Parses <paramref name="text"/> as an input of the task <paramref name="taskName"/> names (e.g. <c>predict --problem gcd</c>).</summary>
    public bool TryParseInput(string taskName, string text, out long[] input, out string error)
    {
        ArgumentNullException.ThrowIfNull(taskName);
        ArgumentNullException.ThrowIfNull(text);
        input = [];
        if (FindTask(InputText.Trim(taskName)) is not { } task)
        {
            error = $"unknown task {InputText.Quote(InputText.Trim(taskName))}: this model's tasks are {TaskNames}.";
            return false;
        }
        if (!task.Problem.TryParseInput(text, out var inner, out error)) return false;
        input = task.Tag(inner);
        return true;
    }

    /// <inheritdoc />
    public override string FormatInput(ReadOnlySpan<long> input)
    {
        var task = TaskOf(input);
        return $"{task.Name}{PrefixSeparator}{task.Problem.FormatInput(input[1..])}";
    }

    /// <inheritdoc />
    public override string FormatAnswer(ReadOnlySpan<long> answer) => TaskOf(answer).Problem.FormatAnswer(answer[1..]);

    /// <summary>The first task's typical input (<paramref name="max"/> is ignored: the task has its own).</summary>
    public override long[] ExampleInput(long max) => Tasks[0].Tag(Tasks[0].Problem.ExampleInput(Tasks[0].Options.Max));

    /// <summary>Every task's range, e.g. <c>addition: a, b in [0, 999]; gcd: a, b in [1, 1000]</c> (<paramref name="max"/> is ignored).</summary>
    public override string DescribeRange(long max) => string.Join("; ", Tasks.Select(t => $"{t.Name}: {t.Problem.DescribeRange(t.Options.Max)}"));

    /// <inheritdoc />
    public override string DescribeInput() =>
        $"task{PrefixSeparator}input, where the task is one of " + string.Join("; ", Tasks.Select(t => $"{t.Name} ({t.Problem.DescribeInput()})"));

    /// <inheritdoc />
    public override ulong SplitKey(ReadOnlySpan<long> input) =>
        SplitMix64.Mix(TaskOf(input).Problem.SplitKey(input[1..]) + (ulong)input[0] * SplitMix64.Gamma);

    /// <inheritdoc />
    public override IEnumerable<long[]> InRange(long max) => Tasks.SelectMany(t => t.Problem.InRange(t.Options.Max).Select(x => t.Tag(x)));

    /// <inheritdoc />
    public override IEnumerable<long[]> TrainingInputs(long max) => Tasks.SelectMany(t => t.Problem.TrainingInputs(t.Options.Max).Select(x => t.Tag(x)));

    /// <summary>Every task's out-of-sample inputs, each with its own <c>outOfSample</c> (<paramref name="count"/> is ignored).</summary>
    public override IEnumerable<long[]> OutOfSample(long max, long count) =>
        Tasks.SelectMany(t => t.Problem.OutOfSample(t.Options.Max, t.Options.OutOfSample).Select(x => t.Tag(x)));

    /// <inheritdoc />
    public override IEnumerable<long[]> Range(long from, long to) => Tasks.SelectMany(t => t.Problem.Range(from, to).Select(x => t.Tag(x)));

    /// <inheritdoc />
    public override long InRangeCount(long max) => Sum(Tasks.Select(t => t.Problem.InRangeCount(t.Options.Max)));

    /// <inheritdoc />
    public override long OutOfSampleCount(long max, long count) => Sum(Tasks.Select(t => t.Problem.OutOfSampleCount(t.Options.Max, t.Options.OutOfSample)));

    /// <inheritdoc />
    public override long LabelMemoryBytes(long max) => Sum(Tasks.Select(t => t.Problem.LabelMemoryBytes(t.Options.Max)));

    /// <inheritdoc />
    public override long[]? DecodeInput(MathTokenizer tokenizer, ReadOnlySpan<int> body)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        if (body.IsEmpty) return null;
        string first = tokenizer.Vocabulary.SymbolOf(body[0]);
        var task = Tasks.FirstOrDefault(t => t.Token == first);
        return task?.Problem.DecodeInput(tokenizer, body[1..]) is { } inner ? task.Tag(inner) : null;
    }

    // Saturating, like the counts it adds.
    private static long Sum(IEnumerable<long> counts) => counts.Aggregate(0L, (a, b) => a > long.MaxValue - b ? long.MaxValue : a + b);
}
