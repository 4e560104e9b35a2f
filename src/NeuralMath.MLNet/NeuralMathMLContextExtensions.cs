using Microsoft.ML;
using NeuralMath.Internal;

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
    /// <exception cref="InvalidOperationException">The app loaded a Microsoft.ML other than the one NeuralMath.MLNet was built for (5.0.1).</exception>
    public static NeuralMathCatalog NeuralMath(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        MLNetVersion.EnsureSupported();
        return new NeuralMathCatalog(mlContext);
    }
}
