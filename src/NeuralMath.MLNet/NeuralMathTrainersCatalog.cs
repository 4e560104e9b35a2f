using Microsoft.ML;
using Microsoft.ML.Runtime;
using NeuralMath.Configuration;
using NeuralMath.Training;

namespace NeuralMath;

/// <summary>Trainers: <c>mlContext.NeuralMath().Trainers</c>.</summary>
public sealed class NeuralMathTrainersCatalog
{
    private readonly IHostEnvironment _env;

    internal NeuralMathTrainersCatalog(IHostEnvironment env) => _env = env;

    /// <summary>
    /// Trains an encoder-decoder on the inputs in <paramref name="inputColumnName"/> (answers come from the problem,
    /// exactly) and returns a transformer that beam-decodes and verifies. Other settings keep <see cref="RunConfig"/>'s defaults;
    /// use the Options overload to reach all of them.
    /// </summary>
    /// <param name="problem"><c>addition</c> or <c>factorization</c>.</param>
    /// <param name="inputColumnName">Input: String (e.g. <c>45+202</c>), or Int64 for one-number problems.</param>
    /// <param name="steps">Optimizer steps.</param>
    /// <param name="numberBase">Number base of the tokens, 2 to 4096.</param>
    /// <param name="beams">Beams the transformer decodes (the n-best size).</param>
    public MathSeq2SeqTrainer Seq2Seq(string problem = MathSeq2SeqTrainer.Defaults.Problem, string inputColumnName = NeuralMathColumnNames.Input,
        int steps = MathSeq2SeqTrainer.Defaults.Steps, int numberBase = 10, int beams = MathSeq2SeqTrainer.Defaults.Beams)
    {
        var options = new MathSeq2SeqTrainer.Options { InputColumnName = inputColumnName };
        options.Config.Problem.Name = problem;
        options.Config.Training.Steps = steps;
        options.Config.Tokenizer.Base = numberBase;
        options.Search = options.Search with { Beams = beams };
        return Seq2Seq(options);
    }

    /// <summary>The trainer described by <paramref name="options"/>.</summary>
    public MathSeq2SeqTrainer Seq2Seq(MathSeq2SeqTrainer.Options options) => new(_env, options);
}
