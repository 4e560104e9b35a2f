using NeuralMath.Problems;

namespace NeuralMath.Evaluation;

/// <summary>A multitask model's predictions, task by task, in the task's own terms (inputs and answers without the task index).</summary>
public static class TaskPredictions
{
    /// <summary>
    /// The predictions of each task that has any, in task order and, within a task, in their order; each input and answer
    /// without its task index, so the task's own problem (its report, map and charts) reads them as its own.
    /// </summary>
    public static IReadOnlyList<(ProblemTask Task, Prediction[] Predictions)> Split(MathProblem problem, IReadOnlyList<Prediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(predictions);
        var byTask = problem.Tasks.Select(_ => new List<Prediction>()).ToArray();
        foreach (var p in predictions) byTask[(problem.TaskOf(p.Input) ?? throw new ArgumentException($"{problem.Name} has no tasks.", nameof(problem))).Index].Add(Untag(p));
        return [.. problem.Tasks.Where(t => byTask[t.Index].Count > 0).Select(t => (t, byTask[t.Index].ToArray()))];
    }

    /// <summary>A prediction of a multitask model as its task's problem sees it.</summary>
    public static Prediction Untag(Prediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        return new Prediction(prediction.Input[1..], [.. prediction.Beams.Select(b => b with { Answer = b.Answer?[1..] })]);
    }
}
