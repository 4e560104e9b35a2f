using Microsoft.ML;
using Microsoft.ML.Runtime;
using NeuralMath.Training;

namespace NeuralMath;

/// <summary>Trainers: <c>mlContext.NeuralMath().Trainers</c>.</summary>
public sealed class NeuralMathTrainersCatalog
{
    private readonly IHostEnvironment _env;

    internal NeuralMathTrainersCatalog(IHostEnvironment env) => _env = env;

    /// <summary>
    /// Trains an encoder-decoder on the token column <paramref name="tokensColumnName"/> (written by Tokenize, whose
    /// annotations tell the trainer the problem, base, digit order and vocabulary; answers come from the problem, exactly)
    /// and returns a transformer that beam-decodes and verifies. The model and other training settings keep the core's
    /// defaults (<see cref="Model.ModelOptions"/>, <see cref="Configuration.TrainingOptions"/>); the Options overload reaches all of them.
    /// </summary>
    /// <param name="tokensColumnName">Input: the token column, a vector of Int32 token ids with NeuralMath's annotations.</param>
    /// <param name="steps">Optimizer steps; null: the core's default (<see cref="Configuration.TrainingOptions.Steps"/>).</param>
    /// <param name="beams">Beams the transformer decodes (the n-best size).</param>
    public MathSeq2SeqTrainer Seq2Seq(string tokensColumnName = NeuralMathColumnNames.Tokens, int? steps = null, int beams = MathSeq2SeqTrainer.Defaults.Beams)
    {
        var options = new MathSeq2SeqTrainer.Options { TokensColumnName = tokensColumnName };
        if (steps is { } s) options.Training.Steps = s;
        options.Search = options.Search with { Beams = beams };
        return Seq2Seq(options);
    }

    /// <summary>The trainer described by <paramref name="options"/>.</summary>
    public MathSeq2SeqTrainer Seq2Seq(MathSeq2SeqTrainer.Options options) => new(_env, options);
}
