using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using NeuralMath.Annotations;
using NeuralMath.Configuration;
using NeuralMath.Decoding;
using NeuralMath.Problems;

namespace NeuralMath.Evaluation;

/// <summary>
/// Reads scored rows (input, n-best answers, scores) back into the core's <see cref="Prediction"/> records, re-checking
/// every answer with the problem's exact verifier, and hands them to <see cref="EvaluationReport.Create"/>.
/// </summary>
internal static class MathEvaluator
{
    public static MathMetrics Evaluate(IDataView data, string inputColumnName, string beamsColumnName, string scoreColumnName, string? problemName, string split)
    {
        ArgumentNullException.ThrowIfNull(data);
        var clock = Stopwatch.StartNew();
        var beamsColumn = data.Schema.GetColumnOrNull(beamsColumnName) ?? throw SchemaErrors.Missing(nameof(data), "beams", beamsColumnName);
        if (beamsColumn.Type is not VectorDataViewType { ItemType: TextDataViewType, Size: > 0 } beamsType)
            throw SchemaErrors.Mismatch(nameof(data), "beams", beamsColumnName, "known-size vector of String", beamsColumn.Type.ToString());
        var scoreColumn = data.Schema.GetColumnOrNull(scoreColumnName) ?? throw SchemaErrors.Missing(nameof(data), "score", scoreColumnName);
        if (scoreColumn.Type is not VectorDataViewType { ItemType: var scoreItem } || scoreItem != NumberDataViewType.Single)
            throw SchemaErrors.Mismatch(nameof(data), "score", scoreColumnName, "vector of Single", scoreColumn.Type.ToString());
        var annotated = ProblemAnnotation.Read(beamsColumn, nameof(data));
        // A multitask problem is more than its name: naming it agrees with any multitask column.
        bool namedMultitask = string.Equals(problemName, MultitaskProblem.ProblemName, StringComparison.OrdinalIgnoreCase);
        if (!namedMultitask && annotated is not null && problemName is not null && !ProblemAnnotation.SameProblem(annotated, new ProblemOptions { Name = problemName }))
            throw new ArgumentOutOfRangeException(nameof(problemName),
                $"Column '{beamsColumnName}' answers {ProblemAnnotation.Describe(annotated)} (its {NeuralMathAnnotations.Problem} annotation), but Evaluate was given problem '{problemName}'. Leave the problem unset to take it from the column.");
        var problem = ProblemRegistry.Create(annotated ?? (problemName is null ? null : new ProblemOptions { Name = problemName })
            ?? throw new ArgumentException($"Column '{beamsColumnName}' does not say which problem it answers; pass the problem name.", nameof(problemName)));
        var input = ProblemInputColumn.Bind(data.Schema, inputColumnName, problem, nameof(data));

        var predictions = new List<Prediction>();
        using (var cursor = data.GetRowCursor([input.Column, beamsColumn, scoreColumn]))
        {
            var read = input.CreateReader(cursor);
            var beamsGetter = cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(beamsColumn);
            var scoreGetter = cursor.GetGetter<VBuffer<float>>(scoreColumn);
            VBuffer<ReadOnlyMemory<char>> beams = default;
            VBuffer<float> scores = default;
            while (cursor.MoveNext())
            {
                var (value, _) = read();
                if (value is null) continue;
                beamsGetter(ref beams);
                scoreGetter(ref scores);
                predictions.Add(ToPrediction(problem, value, beams.DenseValues().ToArray(), scores.DenseValues().ToArray()));
            }
        }
        return new MathMetrics(EvaluationReport.Create(problem, split, beamsType.Size, predictions, clock.Elapsed.TotalSeconds));
    }

    private static Prediction ToPrediction(MathProblem problem, long[] input, ReadOnlyMemory<char>[] beams, float[] scores)
    {
        var checkedBeams = new List<CheckedBeam>();
        for (int i = 0; i < beams.Length; i++)
        {
            float score = i < scores.Length ? scores[i] : float.NaN;
            if (float.IsNaN(score)) continue; // a slot the search did not fill
            var answer = problem.ParseAnswerText(input, beams[i].ToString());
            var hypothesis = new Hypothesis([], score, score, answer is not null);
            checkedBeams.Add(new CheckedBeam(hypothesis, answer, answer is null ? Verdict.Unparsed : problem.Verify(input, answer)));
        }
        return new Prediction(input, checkedBeams);
    }
}
