using NeuralMath.Decoding;
using NeuralMath.Distributed;
using NeuralMath.Problems;
using NeuralMath.Tokenization;

namespace NeuralMath.Evaluation;

/// <summary>
/// Decodes problem inputs with beam search and checks every beam: the one prediction path shared by the CLI,
/// evaluation, training-time validation and the ML.NET components.
/// </summary>
public sealed class Predictor
{
    private readonly IStepDecoder _decoder;

    /// <summary>Creates a predictor for a problem, its tokenizer and a step decoder (TorchSharp or ONNX Runtime).</summary>
    public Predictor(MathProblem problem, MathTokenizer tokenizer, IStepDecoder decoder)
    {
        Problem = problem ?? throw new ArgumentNullException(nameof(problem));
        Tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
        _decoder = decoder ?? throw new ArgumentNullException(nameof(decoder));
    }

    /// <summary>The problem.</summary>
    public MathProblem Problem { get; }

    /// <summary>The tokenizer.</summary>
    public MathTokenizer Tokenizer { get; }

    /// <summary>
    /// The ranks that share the decoding (e.g. <see cref="Communicator.World"/> under <c>mpiexec</c>): each decodes a
    /// contiguous share of the inputs and every rank gets every prediction. Null: this process decodes everything.
    /// </summary>
    public Communicator? Ranks { get; init; }

    /// <summary>Longest source the model accepts, framing tokens included.</summary>
    public int MaxSourceLength => _decoder.MaxTargetLength;

    /// <summary>The framed source of an input, or an error message when the model cannot take it.</summary>
    public int[]? TryEncode(long[] input, out string? error)
    {
        error = Problem.ValidateInput(input);
        if (error is not null) return null;
        var source = MathTokenizer.Frame(Problem.EncodeInput(Tokenizer, input));
        if (source.Length > MaxSourceLength)
        {
            error = $"{Problem.FormatInput(input)} needs {source.Length} source positions; this model has {MaxSourceLength}.";
            return null;
        }
        return source;
    }

    /// <summary>Decodes every input and measures the result: the one way train, eval, report and ML.NET score a split.</summary>
    public EvaluationReport Evaluate(string split, IReadOnlyList<long[]> inputs, BeamSearchOptions options, int batchSize = 512) =>
        Evaluate(split, inputs, options, batchSize, out _);

    /// <summary>
    /// As <see cref="Evaluate(string, IReadOnlyList{long[]}, BeamSearchOptions, int)"/>, also handing back the predictions;
    /// <paramref name="byOperandLength"/> adds the <see cref="LengthGrid"/> group (digits of each operand in the model's base).
    /// </summary>
    public EvaluationReport Evaluate(string split, IReadOnlyList<long[]> inputs, BeamSearchOptions options, int batchSize, out Prediction[] predictions,
        bool byOperandLength = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        predictions = Predict(inputs, options, batchSize);
        return EvaluationReport.Create(Problem, split, options.Beams, predictions, clock.Elapsed.TotalSeconds, byOperandLength ? Tokenizer : null);
    }

    /// <summary>
    /// Decodes valid inputs in batches of similar length and checks every beam. Results keep the input order.
    /// </summary>
    public Prediction[] Predict(IReadOnlyList<long[]> inputs, BeamSearchOptions options, int batchSize = 512)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var sources = new int[inputs.Count][];
        for (int i = 0; i < inputs.Count; i++)
            sources[i] = TryEncode(inputs[i], out var error) ?? throw new ArgumentException(error, nameof(inputs));

        int rank = Ranks?.Rank ?? 0, size = Ranks?.Size ?? 1;
        int first = (int)((long)inputs.Count * rank / size), end = (int)((long)inputs.Count * (rank + 1) / size);
        var share = Decode(sources, first, end, options, batchSize);
        var beams = size == 1 ? share : Ranks!.AllGather(HypothesisWire.Write(share)).SelectMany(HypothesisWire.Read).ToArray();

        var results = new Prediction[inputs.Count];
        for (int i = 0; i < results.Length; i++) results[i] = Check(inputs[i], beams[i]);
        return results;
    }

    // The beams of sources [first, end), in that order. Sorting by length keeps padding (wasted compute) low.
    private IReadOnlyList<Hypothesis>[] Decode(int[][] sources, int first, int end, BeamSearchOptions options, int batchSize)
    {
        var order = Enumerable.Range(first, end - first).OrderBy(i => sources[i].Length).ToArray();
        var beams = new IReadOnlyList<Hypothesis>[end - first];
        for (int start = 0; start < order.Length; start += batchSize)
        {
            var chunk = order.AsSpan(start, Math.Min(batchSize, order.Length - start)).ToArray();
            var decoded = BeamSearch.Run(_decoder, chunk.Select(i => sources[i]).ToArray(), options);
            for (int j = 0; j < chunk.Length; j++) beams[chunk[j] - first] = decoded[j];
        }
        return beams;
    }

    private Prediction Check(long[] input, IReadOnlyList<Hypothesis> hypotheses)
    {
        var checkedBeams = new CheckedBeam[hypotheses.Count];
        for (int b = 0; b < hypotheses.Count; b++)
        {
            var h = hypotheses[b];
            var answer = h.Finished ? Problem.ParseAnswer(Tokenizer, input, h.Tokens) : null;
            checkedBeams[b] = new CheckedBeam(h, answer, answer is null ? Verdict.Unparsed : Problem.Verify(input, answer));
        }
        return new Prediction(input, checkedBeams);
    }
}
