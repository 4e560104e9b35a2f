using Microsoft.ML;
using Microsoft.ML.Data;
using NeuralMath.Annotations;
using NeuralMath.Mapping;

namespace NeuralMath.Tokenization;

/// <summary>
/// The row logic of <see cref="MathTokenizingTransformer"/>; all encoding is the core's (problem + tokenizer). The input
/// column's annotations, when it has some, must name the problem (and for token ids, the tokenization) it was fitted with.
/// </summary>
internal sealed class MathTokenizingMapper : ColumnMapper
{
    private readonly TokenizedProblem _tokenized;
    private readonly DataViewSchema.Column _input;
    private readonly ProblemInputColumn? _problemInput;

    public MathTokenizingMapper(DataViewSchema inputSchema, string inputColumnName, string outputColumnName, MathTokenizingDirection direction, TokenizedProblem tokenized)
        : base(inputSchema)
    {
        const string parameter = nameof(inputSchema);
        _tokenized = tokenized;
        if (direction == MathTokenizingDirection.Tokenize)
        {
            _problemInput = ProblemInputColumn.Bind(inputSchema, inputColumnName, tokenized.Problem);
            _input = _problemInput.Column;
            if (ProblemAnnotation.Read(_input, parameter) is { } annotated && !ProblemAnnotation.SameProblem(annotated, tokenized.ProblemOptions))
                throw new ArgumentOutOfRangeException(parameter,
                    $"Column '{_input.Name}' holds {ProblemAnnotation.Describe(annotated)} (its {NeuralMathAnnotations.Problem} annotation), " +
                    $"but this tokenizer was fitted for {ProblemAnnotation.Describe(tokenized.ProblemOptions)}.");
            OutputColumns = [new OutputColumn(outputColumnName, new VectorDataViewType(NumberDataViewType.Int32), tokenized.ToAnnotations())];
        }
        else
        {
            var tokens = TokenInputColumn.Bind(inputSchema, inputColumnName, parameter);
            tokens.EnsureAgrees(tokenized, "this detokenizer was fitted for", parameter);
            _input = tokens.Column;
            var annotations = new DataViewSchema.Annotations.Builder();
            ProblemAnnotation.Add(annotations, tokenized.ProblemOptions);
            OutputColumns = [new OutputColumn(outputColumnName, TextDataViewType.Instance, annotations.ToAnnotations())];
        }
    }

    public override IReadOnlyList<OutputColumn> OutputColumns { get; }

    public override IReadOnlyList<DataViewSchema.Column> Dependencies => [_input];

    public override Delegate?[] CreateGetters(DataViewRow input, bool[] activeOutputs)
    {
        if (!activeOutputs[0]) return [null];
        return _problemInput is not null ? [TokenizeGetter(input, _problemInput)] : [DetokenizeGetter(input)];
    }

    private ValueGetter<VBuffer<int>> TokenizeGetter(DataViewRow row, ProblemInputColumn column)
    {
        var read = column.CreateReader(row);
        return (ref VBuffer<int> value) =>
        {
            var (input, _) = read();
            int[] ids = input is null ? [] : _tokenized.Problem.EncodeInput(_tokenized.Tokenizer, input);
            var editor = VBufferEditor.Create(ref value, ids.Length);
            ids.CopyTo(editor.Values);
            value = editor.Commit();
        };
    }

    private ValueGetter<ReadOnlyMemory<char>> DetokenizeGetter(DataViewRow row)
    {
        var getter = row.GetGetter<VBuffer<int>>(_input);
        VBuffer<int> tokens = default;
        return (ref ReadOnlyMemory<char> value) =>
        {
            getter(ref tokens);
            var input = _tokenized.Decode(tokens.DenseValues().ToArray());
            value = input is null ? ReadOnlyMemory<char>.Empty : _tokenized.Problem.FormatInput(input).AsMemory();
        };
    }
}
