using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using NeuralMath.Configuration;
using NeuralMath.Internal;

namespace NeuralMath.Training;

/// <summary>
/// Trains a NeuralMath encoder-decoder (the core <see cref="Trainer"/>) and returns a <see cref="MathSeq2SeqTransformer"/>
/// that beam-decodes and verifies answers.
/// </summary>
/// <remarks>
/// <para>Input column: String (e.g. <c>45+202</c>) or Int64 for one-number problems. No label column is read: the
/// problem computes every answer exactly, so a label could only disagree by being wrong.</para>
/// <para>The rows of the training data are the training inputs (rows that are not valid inputs of the problem are
/// skipped and counted in the log). Validation inputs are the rows of the validation data when given, otherwise the
/// validation split of <see cref="Options.Config"/>'s problem definition. The model selected is the best on
/// validation, as in the CLI.</para>
/// <para>Outputs: PredictedLabel (String), Beams (String vector), Score (Single vector), VerifiedAnswer (String).</para>
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
    public MathSeq2SeqTransformer Fit(IDataView trainData, IDataView? validationData)
    {
        ArgumentNullException.ThrowIfNull(trainData);
        var config = _options.Config;
        var problem = config.CreateProblem();
        var train = ProblemInputColumn.ReadAll(trainData, _options.InputColumnName, problem, out int skipped);
        var validation = validationData is null ? null : ProblemInputColumn.ReadAll(validationData, _options.InputColumnName, problem, out _);
        using var channel = _host.Start("Training");
        if (skipped > 0) channel.Warning(MessageSensitivity.None, $"Skipped {skipped} rows whose '{_options.InputColumnName}' is not a valid {problem.Name} input.");
        if (train.Count == 0) throw new InvalidOperationException($"The training data has no valid {problem.Name} inputs in column '{_options.InputColumnName}'.");
        if (validation is { Count: 0 }) throw new InvalidOperationException($"The validation data has no valid {problem.Name} inputs in column '{_options.InputColumnName}'.");

        // The core trainer works in a run folder (checkpoints, metrics); it is temporary here, and only the
        // best model's file is kept, inside the transformer and later inside the ML.NET zip.
        string runDirectory = Path.Combine(Path.GetTempPath(), "neuralmath-mlnet-" + Guid.NewGuid().ToString("N"));
        try
        {
            var trainer = new Trainer(config, runDirectory, new ChannelTrainingObserver(channel, _options.Observer))
            {
                TrainInputs = train,
                ValidationInputs = validation,
            };
            trainer.Run(finalEvaluation: false);
            // A freshly trained model decodes where it was trained; a loaded one where InferenceDevice says.
            return new MathSeq2SeqTransformer(_host, MathSeq2SeqTransformer.Settings.From(_options), File.ReadAllBytes(trainer.ModelPath), config.Training.Device);
        }
        finally
        {
            try
            {
                // A run refused before it wrote anything leaves no folder: nothing to delete, nothing to warn about.
                if (Directory.Exists(runDirectory)) Directory.Delete(runDirectory, recursive: true);
            }
            catch (IOException)
            {
                channel.Warning(MessageSensitivity.None, $"Could not delete the temporary run folder '{runDirectory}'.");
            }
        }
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ProblemInputColumn.Check(inputSchema, _options.InputColumnName, _options.Config.CreateProblem());
        const SchemaShape.Column.VectorKind Scalar = SchemaShape.Column.VectorKind.Scalar, Vector = SchemaShape.Column.VectorKind.Vector;
        return SchemaShapes.Append(inputSchema,
        [
            SchemaShapes.Column(_options.PredictedLabelColumnName, Scalar, TextDataViewType.Instance),
            SchemaShapes.Column(_options.BeamsColumnName, Vector, TextDataViewType.Instance),
            SchemaShapes.Column(_options.ScoreColumnName, Vector, NumberDataViewType.Single),
            SchemaShapes.Column(_options.VerifiedAnswerColumnName, Scalar, TextDataViewType.Instance),
        ]);
    }

    private static void CheckOptions(Options options)
    {
        ArgumentNullException.ThrowIfNull(options.Config, nameof(options.Config));
        ArgumentNullException.ThrowIfNull(options.Search, nameof(options.Search));
        options.Config.Validate();
        options.Search.Validate();
        string[] names = [options.InputColumnName, options.PredictedLabelColumnName, options.BeamsColumnName, options.ScoreColumnName, options.VerifiedAnswerColumnName];
        if (names.Any(string.IsNullOrWhiteSpace)) throw new ArgumentOutOfRangeException(nameof(options), "Column names must not be empty.");
        if (names.Skip(1).Distinct(StringComparer.Ordinal).Count() != 4) throw new ArgumentOutOfRangeException(nameof(options), "The four output column names must differ.");
    }
}
