using NeuralMath.Evaluation;

namespace NeuralMath.Reports;

/// <summary>What <see cref="ReportWriter.Write"/> produced.</summary>
/// <param name="IndexPath">The path of <c>index.html</c>.</param>
/// <param name="Figures">The figures, in page order.</param>
/// <param name="Evaluations">The metrics shown in the tables (test, out-of-sample, and the addition map).</param>
public sealed record WrittenReport(string IndexPath, IReadOnlyList<ReportFigure> Figures, IReadOnlyList<EvaluationReport> Evaluations);
