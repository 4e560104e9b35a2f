using Microsoft.ML;
using Microsoft.ML.Data;
using NeuralMath.Mapping;
using NeuralMath.Problems;

namespace NeuralMath.Tokenization;

/// <summary>The row logic of <see cref="MathTokenizingTransformer"/>; all encoding is the core's (problem + tokenizer).</summary>
internal sealed class MathTokenizingMapper : ColumnMapper
{
    private readonly MathTokenizer _tokenizer;
    private readonly MathProblem _problem;
    private readonly DataViewSchema.Column _input;
    private readonly ProblemInputColumn? _problemInput;

    public MathTokenizingMapper(DataViewSchema inputSchema, MathTokenizingEstimator.Options options, MathTokenizer tokenizer) : base(inputSchema)
    {
        _tokenizer = tokenizer;
        _problem = ProblemRegistry.Create(options.Problem);
        string name = options.InputColumnName ?? options.OutputColumnName;
        if (options.Direction == MathTokenizingDirection.Tokenize)
        {
            _problemInput = ProblemInputColumn.Bind(inputSchema, name, _problem);
            _input = _problemInput.Column;
            OutputColumns = [new OutputColumn(options.OutputColumnName, new VectorDataViewType(NumberDataViewType.Int32))];
        }
        else
        {
            var column = inputSchema.GetColumnOrNull(name) ?? throw SchemaErrors.Missing(nameof(inputSchema), "input", name);
            if (column.Type is not VectorDataViewType { ItemType: var item } || item != NumberDataViewType.Int32)
                throw SchemaErrors.Mismatch(nameof(inputSchema), "input", name, "vector of Int32", column.Type.ToString());
            _input = column;
            OutputColumns = [new OutputColumn(options.OutputColumnName, TextDataViewType.Instance)];
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
            int[] ids = input is null ? [] : _problem.EncodeInput(_tokenizer, input);
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
            var input = _problem.DecodeInput(_tokenizer, tokens.DenseValues().ToArray());
            value = input is null ? ReadOnlyMemory<char>.Empty : _problem.FormatInput(input).AsMemory();
        };
    }
}
