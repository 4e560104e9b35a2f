using Microsoft.ML;

namespace NeuralMath.Mapping;

/// <summary>The column access shared by <see cref="MappedRow"/> and <see cref="MappedCursor"/>: input columns pass through, added ones come from the mapper.</summary>
internal sealed class MappedValues
{
    private readonly ColumnMapper _mapper;
    private readonly DataViewRow _input;
    private readonly bool[] _active;
    private readonly Delegate?[] _getters;

    public MappedValues(ColumnMapper mapper, DataViewRow input, bool[] activeOutputs)
    {
        _mapper = mapper;
        _input = input;
        _active = activeOutputs;
        _getters = mapper.CreateGetters(input, activeOutputs);
    }

    public bool IsColumnActive(DataViewSchema.Column column) =>
        column.Index < _mapper.InputSchema.Count ? _input.IsColumnActive(_input.Schema[column.Index]) : _active[column.Index - _mapper.InputSchema.Count];

    public ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        int inputCount = _mapper.InputSchema.Count;
        if (column.Index < inputCount) return _input.GetGetter<TValue>(_input.Schema[column.Index]);
        int i = column.Index - inputCount;
        if (i >= _getters.Length) throw new ArgumentOutOfRangeException(nameof(column), $"Column '{column.Name}' is not in this row's schema.");
        var getter = _getters[i] ?? throw new InvalidOperationException($"Column '{column.Name}' is not active: ask for it when creating the cursor.");
        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Invalid TValue in GetGetter for column '{column.Name}': '{typeof(TValue)}', expected type: '{_mapper.OutputColumns[i].Type.RawType}'.");
    }
}
