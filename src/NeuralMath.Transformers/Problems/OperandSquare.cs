namespace NeuralMath.Problems;

/// <summary>The operand pairs a two-operand map shows: both operands in [<paramref name="Low"/>, <paramref name="High"/>].</summary>
/// <param name="Low">Smallest operand.</param>
/// <param name="TrainHigh">Largest in-range operand: the training square is [Low, TrainHigh]².</param>
/// <param name="High">Largest operand shown.</param>
public sealed record OperandSquare(long Low, long TrainHigh, long High);
