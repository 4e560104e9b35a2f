using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using NeuralMath.Annotations;
using NeuralMath.Artifacts;
using NeuralMath.Configuration;
using NeuralMath.Internal;
using NeuralMath.Tokenization;

namespace NeuralMath.Training;

/// <summary>
/// Trains a NeuralMath encoder-decoder (the core <see cref="Trainer"/>) on a token column and returns a
/// <see cref="MathSeq2SeqTransformer"/> that beam-decodes and verifies answers.
/// </summary>
/// <remarks>
/// <para>Input: a token column written by Tokenize (default <c>Tokens</c>). The trainer learns the problem, base, digit
/// order and vocabulary from its annotations, so nothing is stated twice; the training and validation data must agree
/// on them, or Fit fails naming both. No label column is read: the problem computes every answer exactly, so a label
/// could only disagree by being wrong.</para>
/// <para>The rows of the training data are the training inputs (rows whose tokens are not a valid input are skipped and
/// counted in the log). Validation inputs are the rows of the validation data when given, otherwise the validation split
/// of the problem definition the column carries (generated data carries its range and split seed). The model selected is
/// the best on validation, as in the CLI.</para>
/// <para>Outputs: PredictedLabel (String), Beams (String vector), Score (Single vector), VerifiedAnswer (String).</para>
/// <para>Fit writes no file: the core trainer runs without a run folder (no checkpoints; metrics go to the ML.NET log),
/// keeps its best model in memory, and the transformer writes it into the ML.NET model zip through a stream.</para>
/// </remarks>
public sealed partial class MathSeq2SeqTrainer : IEstimator<MathSeq2SeqTransformer>
{
    private readonly IHost _host;
    private readonly Options _options;

    internal MathSeq2SeqTrainer(IHostEnvironment env, Options options)
    {
        ArgumentNullException.ThrowIfNull(env);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _host = env.Register(nameof(MathSeq2SeqTrainer));
        CheckOptions(options);
    }

    /// <inheritdoc />
    public MathSeq2SeqTransformer Fit(IDataView input) => Fit(input, null);

    /// <summary>Trains on the rows of <paramref name="trainData"/>, selecting the model on <paramref name="validationData"/> when given.</summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A token column is missing, of another type or not annotated by Tokenize, or the validation data's tokens describe
    /// another problem or tokenization than the training data's (the message names both); or a setting the data refuses.
    /// </exception>
    public MathSeq2SeqTransformer Fit(IDataView trainData, IDataView? validationData)
    {
        ArgumentNullException.ThrowIfNull(trainData);
        string name = _options.TokensColumnName;
        var trainColumn = TokenInputColumn.Bind(trainData.Schema, name, nameof(trainData));
        var tokenized = trainColumn.RequireAnnotations(nameof(trainData));
        var validationColumn = validationData is null ? null : TokenInputColumn.Bind(validationData.Schema, name, nameof(validationData));
        if (validationColumn?.RequireAnnotations(nameof(validationData)) is { } validationTokens && !validationTokens.Agrees(tokenized))
            throw new ArgumentOutOfRangeException(nameof(validationData),
                $"The validation data's column '{name}' holds {validationTokens}, but the training data's holds {tokenized}. " +
                "Generate or tokenize both with the same problem and tokenizer.");
        var config = Config(tokenized);
        var train = trainColumn.ReadAll(trainData, tokenized, out int skipped);
        var validation = validationColumn?.ReadAll(validationData!, tokenized, out _);
        using var channel = _host.Start("Training");
        string problem = tokenized.Problem.Name;
        if (skipped > 0) channel.Warning(MessageSensitivity.None, $"Skipped {skipped} rows whose '{name}' is not a valid {problem} input.");
        if (train.Count == 0) throw new InvalidOperationException($"The training data has no valid {problem} inputs in column '{name}'.");
        if (validation is { Count: 0 }) throw new InvalidOperationException($"The validation data has no valid {problem} inputs in column '{name}'.");

        // A run without a folder: no checkpoint or metrics file, the best model kept in memory. The transformer takes
        // it from there and writes it into the ML.NET zip through a stream.
        var trainer = new Trainer(config, runDirectory: null, new ChannelTrainingObserver(channel, _options.Observer))
        {
            TrainInputs = train,
            ValidationInputs = validation,
        };
        trainer.Run(finalEvaluation: false);
        // A freshly trained model decodes where it was trained; a loaded one where InferenceDevice says.
        return new MathSeq2SeqTransformer(_host, MathSeq2SeqTransformer.Settings.From(_options), trainer.LoadBest(config.Training.Device));
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        TokenInputColumn.Check(inputSchema, _options.TokensColumnName, requireAnnotations: true);
        const SchemaShape.Column.VectorKind Scalar = SchemaShape.Column.VectorKind.Scalar, Vector = SchemaShape.Column.VectorKind.Vector;
        return SchemaShapes.Append(inputSchema,
        [
            SchemaShapes.Column(_options.PredictedLabelColumnName, Scalar, TextDataViewType.Instance),
            SchemaShapes.Column(_options.BeamsColumnName, Vector, TextDataViewType.Instance, MathTokenizingEstimator.ProblemShape),
            SchemaShapes.Column(_options.ScoreColumnName, Vector, NumberDataViewType.Single),
            SchemaShapes.Column(_options.VerifiedAnswerColumnName, Scalar, TextDataViewType.Instance),
        ]);
    }

    /// <summary>The core run config: the problem and tokenizer the tokens carry, the model and training these options give.</summary>
    private RunConfig Config(TokenizedProblem tokenized)
    {
        var config = new RunConfig { Problem = tokenized.ProblemOptions, Tokenizer = tokenized.TokenizerOptions, Model = _options.Model, Training = _options.Training };
        config.Validate();
        return config;
    }

    private static void CheckOptions(Options options)
    {
        ArgumentNullException.ThrowIfNull(options.Model, nameof(options.Model));
        ArgumentNullException.ThrowIfNull(options.Training, nameof(options.Training));
        ArgumentNullException.ThrowIfNull(options.Search, nameof(options.Search));
        new RunConfig { Model = options.Model, Training = options.Training }.Validate();
        options.Search.Validate();
        string[] names = [options.TokensColumnName, options.PredictedLabelColumnName, options.BeamsColumnName, options.ScoreColumnName, options.VerifiedAnswerColumnName];
        if (names.Any(string.IsNullOrWhiteSpace)) throw new ArgumentOutOfRangeException(nameof(options), "Column names must not be empty.");
        if (names.Skip(1).Distinct(StringComparer.Ordinal).Count() != 4) throw new ArgumentOutOfRangeException(nameof(options), "The four output column names must differ.");
    }
}
