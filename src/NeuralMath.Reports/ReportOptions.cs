namespace NeuralMath.Reports;

/// <summary>What <see cref="ReportWriter"/> computes and draws.</summary>
public sealed class ReportOptions
{
    /// <summary>Beams per input for the accuracy figures and tables; null: the model's evaluation.beams.</summary>
    public int? Beams { get; set; }

    /// <summary>The input whose attention maps are drawn (e.g. <c>45+202</c>); null: an example chosen from the problem's range.</summary>
    public string? Input { get; set; }

    /// <summary>Most points in the addition generalisation map; the grid is strided to stay under it.</summary>
    public int MaxMapPoints { get; set; } = 40_000;

    /// <summary>
    /// Largest operand of the two-operand map (e.g. 999 to see a 256-trained adder far outside its range); null: the
    /// problem's default, max(1.5 × max, max + outOfSample). At least the largest trained operand.
    /// </summary>
    public long? MapHigh { get; set; }

    /// <summary>
    /// Longest operand, in digits of the model's base, of the length-generalization grid drawn for two-operand problems;
    /// null: three times the longest operand of the training range. Cells the model has too few positions for stay empty.
    /// </summary>
    public int? MaxGridLength { get; set; }

    /// <summary>Inputs per cell of the length grid (a cell with fewer pairs gets all of them).</summary>
    public int GridInputsPerCell { get; set; } = 20;

    /// <summary>Most inputs evaluated per split (test, out-of-sample); larger splits are strided deterministically.</summary>
    public int MaxSplitInputs { get; set; } = 3_000;

    /// <summary>Inputs decoded together.</summary>
    public int BatchSize { get; set; } = 512;

    /// <summary>Ranks that share the decoding (see <see cref="Evaluation.Predictor.Ranks"/>); null: this process alone.</summary>
    public Distributed.Communicator? Ranks { get; set; }
}
