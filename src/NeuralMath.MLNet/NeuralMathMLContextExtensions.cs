using Microsoft.ML;

namespace NeuralMath;

/// <summary>The entry point: <c>mlContext.NeuralMath()</c>.</summary>
public static class NeuralMathMLContextExtensions
{
    /// <summary>
    /// NeuralMath's components for this context: <see cref="NeuralMathCatalog.Data"/> (generated problems),
    /// <see cref="NeuralMathCatalog.Transforms"/> (base-N tokenization), <see cref="NeuralMathCatalog.Trainers"/>
    /// (the seq2seq trainer) and <see cref="NeuralMathCatalog.Evaluate"/>. Components log to <c>mlContext.Log</c>.
    /// </summary>
    /// <example>See samples/NeuralMath.Samples.Train/Program.cs and docs/mlnet.md.</example>
    public static NeuralMathCatalog NeuralMath(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return new NeuralMathCatalog(mlContext);
    }
}
