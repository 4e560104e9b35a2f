using Microsoft.ML;
using Microsoft.ML.Runtime;
using NeuralMath.Evaluation;

namespace NeuralMath;

/// <summary>NeuralMath's ML.NET components, reached with <c>mlContext.NeuralMath()</c>.</summary>
public sealed class NeuralMathCatalog
{
    internal NeuralMathCatalog(IHostEnvironment env)
    {
        Data = new NeuralMathDataCatalog();
        Transforms = new NeuralMathTransformsCatalog(env);
        Trainers = new NeuralMathTrainersCatalog(env);
    }

    /// <summary>Generated problem data.</summary>
    public NeuralMathDataCatalog Data { get; }

    /// <summary>Base-N tokenization and its inverse.</summary>
    public NeuralMathTransformsCatalog Transforms { get; }

    /// <summary>The seq2seq trainer.</summary>
    public NeuralMathTrainersCatalog Trainers { get; }

    /// <summary>
    /// Evaluates scored rows (the output of a <see cref="Training.MathSeq2SeqTransformer"/>) with the core's metrics:
    /// top-1, any-of-k, verified accuracy, malformed rate and metric groups (factor counts for factorization).
    /// Answers are re-checked with the problem's exact verifier, so no label column is needed.
    /// </summary>
    /// <param name="data">Scored data.</param>
    /// <param name="inputColumnName">Inputs: String, or Int64 for one-number problems.</param>
    /// <param name="beamsColumnName">The n-best answers: a known-size vector of String.</param>
    /// <param name="scoreColumnName">The n-best scores: a vector of Single (NaN marks an empty slot).</param>
    /// <param name="problem">The problem; null reads it from the beams column's annotation, which the transformer writes.</param>
    /// <param name="split">A name for the evaluated data in the report.</param>
    public MathMetrics Evaluate(IDataView data, string inputColumnName = NeuralMathColumnNames.Input, string beamsColumnName = NeuralMathColumnNames.Beams,
        string scoreColumnName = NeuralMathColumnNames.Score, string? problem = null, string split = "data") =>
        MathEvaluator.Evaluate(data, inputColumnName, beamsColumnName, scoreColumnName, problem, split);
}
