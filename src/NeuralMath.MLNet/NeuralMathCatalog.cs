using Microsoft.ML;
using Microsoft.ML.Runtime;
using NeuralMath.Configuration;
using NeuralMath.Evaluation;
using NeuralMath.Search;

namespace NeuralMath;

/// <summary>NeuralMath's ML.NET components, reached with <c>mlContext.NeuralMath()</c>.</summary>
public sealed class NeuralMathCatalog
{
    private readonly IHostEnvironment _env;

    internal NeuralMathCatalog(IHostEnvironment env)
    {
        _env = env;
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

    /// <summary>
    /// Model Builder for a math problem: tries settings from the problem's search space under a wall-clock budget, ranks
    /// the trials on the validation split (successive halving: the best continue from their checkpoints), and returns the
    /// leaderboard and the winner, fitted and evaluated on the held-out test and out-of-sample inputs. The same search as
    /// <c>neuralmath build</c>. Progress goes to <c>mlContext.Log</c> (one Info line per trial that moved); trials run one
    /// at a time in this process.
    /// </summary>
    /// <param name="problem">The problem (name, max, out-of-sample size, split).</param>
    /// <param name="budget">Wall-clock time of the search; the winner's evaluation comes after it.</param>
    /// <param name="cancellationToken">Stops the running trial at its next step and throws <see cref="OperationCanceledException"/>.</param>
    public MathBuildResult Build(ProblemOptions problem, TimeSpan budget, CancellationToken cancellationToken = default) =>
        Build(new BuildOptions { Problem = problem, Budget = budget }, null, cancellationToken);

    /// <summary>
    /// The build <paramref name="options"/> describe: metric, search space, seed, threads, device, and a build folder to keep
    /// (and to resume, with <see cref="BuildOptions.Resume"/>); without one, a temporary folder is used and deleted.
    /// </summary>
    /// <param name="options">What to search, for how long, where.</param>
    /// <param name="observer">Also told of every message, leaderboard change and step (the CLI draws its leaderboard with it).</param>
    /// <param name="cancellationToken">Stops the running trial at its next step (with a checkpoint) and throws <see cref="OperationCanceledException"/>.</param>
    public MathBuildResult Build(BuildOptions options, IBuildObserver? observer = null, CancellationToken cancellationToken = default) =>
        MathBuilder.Build(_env, options, observer, cancellationToken);
}
