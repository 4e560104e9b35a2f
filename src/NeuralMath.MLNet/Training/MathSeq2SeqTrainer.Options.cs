using NeuralMath.Configuration;
using NeuralMath.Decoding;

namespace NeuralMath.Training;

public sealed partial class MathSeq2SeqTrainer
{
    /// <summary>Options of the seq2seq trainer and of the transformer it returns.</summary>
    public sealed class Options
    {
        /// <summary>Problem inputs: String (e.g. <c>45+202</c>) or, for one-number problems, Int64.</summary>
        public string InputColumnName = NeuralMathColumnNames.Input;

        /// <summary>Output: the top beam's answer as String (empty when malformed).</summary>
        public string PredictedLabelColumnName = NeuralMathColumnNames.PredictedLabel;

        /// <summary>Output: the n-best answers, a String vector of <see cref="BeamSearchOptions.Beams"/> slots, best first.</summary>
        public string BeamsColumnName = NeuralMathColumnNames.Beams;

        /// <summary>Output: the n-best ranking scores, a Single vector of <see cref="BeamSearchOptions.Beams"/> slots (NaN for a missing beam).</summary>
        public string ScoreColumnName = NeuralMathColumnNames.Score;

        /// <summary>Output: the first beam that passes the problem's exact check, as String (empty when none does).</summary>
        public string VerifiedAnswerColumnName = NeuralMathColumnNames.VerifiedAnswer;

        /// <summary>
        /// Everything the core trainer takes: problem, tokenizer (base, digit order), model architecture, training
        /// (steps, batch size, learning rate, seed, device auto/cpu/cuda, threads...). The same keys as the CLI's JSON
        /// configs (<see cref="RunConfig.Load"/> reads one). Defaults are <see cref="RunConfig"/>'s.
        /// </summary>
        public RunConfig Config = new();

        /// <summary>Beam search used by the transformer: beams (n-best size), length penalty, temperature, max length.</summary>
        public BeamSearchOptions Search = new() { Beams = Defaults.Beams };

        /// <summary>Optional progress callback; progress also goes to the MLContext log (<c>mlContext.Log</c>).</summary>
        public ITrainingObserver? Observer;
    }

    /// <summary>Defaults shared by <see cref="Options"/> and the catalog.</summary>
    internal static class Defaults
    {
        public const string Problem = "addition";
        public const int Beams = 3;
        public const int Steps = 2000;
    }
}
