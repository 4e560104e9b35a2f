using NeuralMath.Configuration;
using NeuralMath.Decoding;
using NeuralMath.Model;

namespace NeuralMath.Training;

public sealed partial class MathSeq2SeqTrainer
{
    /// <summary>
    /// Options of the seq2seq trainer and of the transformer it returns. There is no problem or tokenizer here: the
    /// trainer learns them from the token column it is given (its annotations carry the problem, base, digit order and
    /// vocabulary), so a pipeline states them once, where the data is generated or tokenized.
    /// </summary>
    public sealed class Options
    {
        /// <summary>
        /// Input: the tokenized problem inputs, a vector of Int32 token ids written by
        /// <see cref="NeuralMathTransformsCatalog.Tokenize(string, string?, string?, int?, Tokenization.DigitOrder?)"/>,
        /// whose annotations (<see cref="NeuralMathAnnotations"/>) say which problem and tokenization they are.
        /// </summary>
        public string TokensColumnName = NeuralMathColumnNames.Tokens;

        /// <summary>Output: the top beam's answer as String (empty when malformed).</summary>
        public string PredictedLabelColumnName = NeuralMathColumnNames.PredictedLabel;

        /// <summary>Output: the n-best answers, a String vector of <see cref="BeamSearchOptions.Beams"/> slots, best first.</summary>
        public string BeamsColumnName = NeuralMathColumnNames.Beams;

        /// <summary>Output: the n-best ranking scores, a Single vector of <see cref="BeamSearchOptions.Beams"/> slots (NaN for a missing beam).</summary>
        public string ScoreColumnName = NeuralMathColumnNames.Score;

        /// <summary>Output: the first beam that passes the problem's exact check, as String (empty when none does).</summary>
        public string VerifiedAnswerColumnName = NeuralMathColumnNames.VerifiedAnswer;

        /// <summary>The architecture (the core's <see cref="ModelOptions"/>, a config's <c>model</c> section); the vocabulary size comes from the token column.</summary>
        public ModelOptions Model = new();

        /// <summary>
        /// Training (the core's <see cref="TrainingOptions"/>, a config's <c>training</c> section): steps, batch size, learning
        /// rate and schedule, seed, device (auto, cpu, cuda, cuda:N), threads...
        /// </summary>
        public TrainingOptions Training = new();

        /// <summary>Beam search used by the transformer: beams (n-best size), length penalty, temperature, max length.</summary>
        public BeamSearchOptions Search = new() { Beams = Defaults.Beams };

        /// <summary>Optional progress callback; progress also goes to the MLContext log (<c>mlContext.Log</c>).</summary>
        public ITrainingObserver? Observer;
    }

    /// <summary>Defaults of the catalog's short overload.</summary>
    internal static class Defaults
    {
        public const int Beams = 3;
    }
}
