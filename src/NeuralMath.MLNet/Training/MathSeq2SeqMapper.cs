using Microsoft.ML;
using Microsoft.ML.Data;
using NeuralMath.Annotations;
using NeuralMath.Evaluation;
using NeuralMath.Mapping;

namespace NeuralMath.Training;

/// <summary>
/// The row logic of <see cref="MathSeq2SeqTransformer"/>: reads a row's input from its token column (zips of format
/// 0x00010001: from the input text), decodes it with the core <see cref="Predictor"/> the first time any of the row's
/// new columns is read, and serves all four columns from that one result.
/// </summary>
/// <remarks>
/// Thread safety: each cursor or row gets its own getters and cache; the model is shared read-only, and every
/// decode opens its own session (TorchStepDecoder's contract), so parallel cursors and PredictionEngines are safe.
/// </remarks>
internal sealed class MathSeq2SeqMapper : ColumnMapper
{
    private readonly MathSeq2SeqTransformer _owner;
    private readonly DataViewSchema.Column _input;
    private readonly Func<DataViewRow, Func<long[]?>> _reader;
    private readonly int _beams;

    public MathSeq2SeqMapper(DataViewSchema inputSchema, MathSeq2SeqTransformer owner) : base(inputSchema)
    {
        _owner = owner;
        var s = owner.Options;
        if (s.TokensColumnName is { } tokensName)
        {
            var tokens = TokenInputColumn.Bind(inputSchema, tokensName);
            tokens.EnsureAgrees(owner.Tokenized, "the model was trained on", nameof(inputSchema));
            _input = tokens.Column;
            _reader = row => tokens.CreateReader(row, owner.Tokenized);
        }
        else
        {
            var text = ProblemInputColumn.Bind(inputSchema, s.InputColumnName, owner.Tokenized.Problem);
            _input = text.Column;
            _reader = row =>
            {
                var read = text.CreateReader(row);
                return () => read().Input;
            };
        }
        _beams = s.Search.Beams;
        // The problem rides on the Beams column, so Evaluate needs no extra argument.
        var annotations = new DataViewSchema.Annotations.Builder();
        ProblemAnnotation.Add(annotations, owner.Config.Problem);
        OutputColumns =
        [
            new OutputColumn(s.PredictedLabelColumnName, TextDataViewType.Instance),
            new OutputColumn(s.BeamsColumnName, new VectorDataViewType(TextDataViewType.Instance, _beams), annotations.ToAnnotations()),
            new OutputColumn(s.ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single, _beams)),
            new OutputColumn(s.VerifiedAnswerColumnName, TextDataViewType.Instance),
        ];
    }

    public override IReadOnlyList<OutputColumn> OutputColumns { get; }

    public override IReadOnlyList<DataViewSchema.Column> Dependencies => [_input];

    public override Delegate?[] CreateGetters(DataViewRow input, bool[] activeOutputs)
    {
        var read = _reader(input);
        long[]? cachedInput = null;
        RowResult? cached = null;
        // Keyed by the input: the same input always decodes the same way, and PredictionEngine reuses one row.
        RowResult Current()
        {
            var value = read();
            if (cached is null || !SameInput(value, cachedInput))
            {
                cached = Decode(value);
                cachedInput = value;
            }
            return cached;
        }

        return
        [
            activeOutputs[0] ? (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = Current().Best.AsMemory()) : null,
            activeOutputs[1] ? (ValueGetter<VBuffer<ReadOnlyMemory<char>>>)((ref VBuffer<ReadOnlyMemory<char>> v) => Fill(ref v, Current().Beams, s => s.AsMemory())) : null,
            activeOutputs[2] ? (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) => Fill(ref v, Current().Scores, x => x)) : null,
            activeOutputs[3] ? (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = Current().Verified.AsMemory()) : null,
        ];
    }

    private RowResult Decode(long[]? input)
    {
        var beams = new string[_beams];
        var scores = new float[_beams];
        Array.Fill(beams, "");
        Array.Fill(scores, float.NaN);
        if (input is null || _owner.Predictor.TryEncode(input, out _) is null) return new RowResult("", beams, scores, "");
        _owner.CountDecoded();
        var predictor = _owner.Predictor;
        var prediction = predictor.Predict([input], _owner.Options.Search, batchSize: 1)[0];
        for (int i = 0; i < Math.Min(_beams, prediction.Beams.Count); i++)
        {
            var beam = prediction.Beams[i];
            beams[i] = beam.Answer is null ? "" : predictor.Problem.FormatAnswer(beam.Answer);
            scores[i] = (float)beam.Hypothesis.Score;
        }
        string verified = prediction.Verified is { } v ? predictor.Problem.FormatAnswer(v) : "";
        return new RowResult(beams[0], beams, scores, verified);
    }

    private static bool SameInput(long[]? a, long[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    private static void Fill<TSource, TValue>(ref VBuffer<TValue> value, TSource[] source, Func<TSource, TValue> convert)
    {
        var editor = VBufferEditor.Create(ref value, source.Length);
        for (int i = 0; i < source.Length; i++) editor.Values[i] = convert(source[i]);
        value = editor.Commit();
    }

    private sealed record RowResult(string Best, string[] Beams, float[] Scores, string Verified);
}
