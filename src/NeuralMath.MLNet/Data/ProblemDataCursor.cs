using Microsoft.ML;
using Microsoft.ML.Data;
using NeuralMath.Problems;

namespace NeuralMath.Data;

/// <summary>Walks <see cref="ProblemData.Inputs"/>; texts are formatted (and factorizations computed) only when read.</summary>
internal sealed class ProblemDataCursor : DataViewRowCursor
{
    private readonly IDataView _view;
    private readonly MathProblem _problem;
    private readonly IEnumerator<long[]> _inputs;
    private readonly ReadOnlyMemory<char> _split;
    private readonly HashSet<int> _active;
    private long _position = -1;

    public ProblemDataCursor(IDataView view, MathProblem problem, IEnumerable<long[]> inputs, string split, HashSet<int> active)
    {
        _view = view;
        _problem = problem;
        _inputs = inputs.GetEnumerator();
        _split = split.AsMemory();
        _active = active;
    }

    public override long Position => _position;

    public override long Batch => 0;

    public override DataViewSchema Schema => _view.Schema;

    public override bool MoveNext()
    {
        if (!_inputs.MoveNext()) return false;
        _position++;
        return true;
    }

    public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

    public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (!IsColumnActive(column)) throw new InvalidOperationException($"Column '{column.Name}' is not active: ask for it when creating the cursor.");
        ValueGetter<ReadOnlyMemory<char>> getter = column.Index switch
        {
            0 => (ref ReadOnlyMemory<char> v) => v = _problem.FormatInput(Current()).AsMemory(),
            1 => (ref ReadOnlyMemory<char> v) => v = _problem.FormatAnswer(_problem.Solve(Current())).AsMemory(),
            _ => (ref ReadOnlyMemory<char> v) => v = _split,
        };
        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Invalid TValue in GetGetter for column '{column.Name}': '{typeof(TValue)}', expected type: '{typeof(ReadOnlyMemory<char>)}'.");
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inputs.Dispose();
        base.Dispose(disposing);
    }

    private long[] Current() => _position >= 0 ? _inputs.Current : throw new InvalidOperationException("Call MoveNext before reading values.");
}
