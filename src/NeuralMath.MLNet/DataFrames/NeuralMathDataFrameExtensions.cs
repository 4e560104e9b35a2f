using System.Globalization;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;
using NeuralMath.Evaluation;

namespace NeuralMath.DataFrames;

/// <summary>
/// Turns NeuralMath predictions and metrics into <see cref="DataFrame"/>s. Cells are never null (Data.Analysis turns
/// nulls into 0/false/"" silently when read back through IDataView), counts are Int64 and rates Double.
/// To write CSV, pass <c>cultureInfo: CultureInfo.InvariantCulture</c> and, to read it back, explicit <c>dataTypes</c>.
/// </summary>
public static class NeuralMathDataFrameExtensions
{
    /// <summary>
    /// Rows of a data view as a DataFrame with one column per scalar (String, Int64, Int32, Single, Double, Boolean);
    /// a known-size String or Single vector becomes one column per slot (<c>Beams1</c>, <c>Beams2</c>, ...) and an
    /// Int32 vector becomes space-separated text (e.g. token ids). Other columns are left out.
    /// </summary>
    /// <param name="data">The data, e.g. the output of a NeuralMath transformer (decoding runs as rows are read).</param>
    /// <param name="maxRows">Most rows to read; -1 reads all.</param>
    public static DataFrame ToFlatDataFrame(this IDataView data, long maxRows = -1)
    {
        ArgumentNullException.ThrowIfNull(data);
        var writers = data.Schema.Where(c => !c.IsHidden).Select(FlatColumn.TryCreate).OfType<FlatColumn>().ToList();
        using var cursor = data.GetRowCursor(writers.Select(w => w.Source));
        var readers = writers.Select(w => w.Bind(cursor)).ToList();
        for (long row = 0; (maxRows < 0 || row < maxRows) && cursor.MoveNext(); row++)
            foreach (var read in readers) read();
        return new DataFrame(writers.SelectMany(w => w.Columns));
    }

    /// <summary>
    /// The metrics as a table: one row for all inputs (Group <c>all</c>) and one per group bucket, with Count (Int64),
    /// Top1Accuracy and AnyOfKAccuracy (Double), then one Double column per problem-specific rate, named in PascalCase
    /// (factorization: CorrectProduct, CorrectFactorization, EchoRate).
    /// </summary>
    public static DataFrame ToDataFrame(this MathMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var rows = new List<(string Group, string Bucket, GroupMetrics Metrics)>
        {
            ("all", "all", new GroupMetrics
            {
                Count = metrics.Count, Top1Accuracy = metrics.Top1Accuracy, AnyOfKAccuracy = metrics.AnyOfKAccuracy,
                Metrics = new(metrics.Report.Metrics, StringComparer.Ordinal),
            }),
        };
        foreach (var (group, buckets) in metrics.Groups)
            foreach (var (bucket, m) in buckets) rows.Add((group, bucket, m));
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("Group", rows.Select(r => r.Group)),
            new StringDataFrameColumn("Bucket", rows.Select(r => r.Bucket)),
            new Int64DataFrameColumn("Count", rows.Select(r => (long)r.Metrics.Count)),
            new DoubleDataFrameColumn("Top1Accuracy", rows.Select(r => r.Metrics.Top1Accuracy)),
            new DoubleDataFrameColumn("AnyOfKAccuracy", rows.Select(r => r.Metrics.AnyOfKAccuracy)),
        };
        foreach (var name in metrics.ProblemMetrics.Keys)
            columns.Add(new DoubleDataFrameColumn(char.ToUpperInvariant(name[0]) + name[1..], rows.Select(r => r.Metrics.Metrics.GetValueOrDefault(name, double.NaN))));
        return new DataFrame(columns);
    }

    /// <summary>One source column and the DataFrame column(s) it fills.</summary>
    private sealed class FlatColumn
    {
        private readonly Func<DataViewRowCursor, Action> _bind;

        private FlatColumn(DataViewSchema.Column source, DataFrameColumn[] columns, Func<DataViewRowCursor, Action> bind)
        {
            Source = source;
            Columns = columns;
            _bind = bind;
        }

        public DataViewSchema.Column Source { get; }

        public DataFrameColumn[] Columns { get; }

        public Action Bind(DataViewRowCursor cursor) => _bind(cursor);

        public static FlatColumn? TryCreate(DataViewSchema.Column c) => c.Type switch
        {
            TextDataViewType => Scalar<ReadOnlyMemory<char>, string>(c, new StringDataFrameColumn(c.Name), v => v.ToString()),
            var t when t == NumberDataViewType.Int64 => Scalar<long, long>(c, new Int64DataFrameColumn(c.Name), v => v),
            var t when t == NumberDataViewType.Int32 => Scalar<int, int>(c, new Int32DataFrameColumn(c.Name), v => v),
            var t when t == NumberDataViewType.Single => Scalar<float, float>(c, new SingleDataFrameColumn(c.Name), v => v),
            var t when t == NumberDataViewType.Double => Scalar<double, double>(c, new DoubleDataFrameColumn(c.Name), v => v),
            BooleanDataViewType => Scalar<bool, bool>(c, new BooleanDataFrameColumn(c.Name), v => v),
            VectorDataViewType { ItemType: TextDataViewType, Size: > 0 } v =>
                Slots<ReadOnlyMemory<char>>(c, Enumerable.Range(1, v.Size).Select(i => (PrimitiveOrString)new StringDataFrameColumn(Slot(c, i))).ToArray(), (col, x) => ((StringDataFrameColumn)col).Append(x.ToString())),
            VectorDataViewType { ItemType: var item, Size: > 0 } v when item == NumberDataViewType.Single =>
                Slots<float>(c, Enumerable.Range(1, v.Size).Select(i => (PrimitiveOrString)new SingleDataFrameColumn(Slot(c, i))).ToArray(), (col, x) => ((SingleDataFrameColumn)col).Append(x)),
            VectorDataViewType { ItemType: var item } when item == NumberDataViewType.Int32 =>
                Scalar<VBuffer<int>, string>(c, new StringDataFrameColumn(c.Name), v => string.Join(' ', v.DenseValues().Select(x => x.ToString(CultureInfo.InvariantCulture)))),
            _ => null,
        };

        private static string Slot(DataViewSchema.Column c, int i) => c.Name + i.ToString(CultureInfo.InvariantCulture);

        private static FlatColumn Scalar<TValue, TCell>(DataViewSchema.Column c, DataFrameColumn column, Func<TValue, TCell> convert) =>
            new(c, [column], cursor =>
            {
                var getter = cursor.GetGetter<TValue>(c);
                TValue value = default!;
                return () =>
                {
                    getter(ref value);
                    Append(column, convert(value));
                };
            });

        private static FlatColumn Slots<TItem>(DataViewSchema.Column c, PrimitiveOrString[] columns, Action<DataFrameColumn, TItem> append) =>
            new(c, columns.Select(x => x.Column).ToArray(), cursor =>
            {
                var getter = cursor.GetGetter<VBuffer<TItem>>(c);
                VBuffer<TItem> value = default;
                return () =>
                {
                    getter(ref value);
                    var dense = value.DenseValues().ToArray();
                    for (int i = 0; i < columns.Length; i++) append(columns[i].Column, dense[i]);
                };
            });

        private static void Append<TCell>(DataFrameColumn column, TCell value)
        {
            switch (column)
            {
                case StringDataFrameColumn s: s.Append(value as string ?? ""); break;
                case PrimitiveDataFrameColumn<long> l: l.Append((long)(object)value!); break;
                case PrimitiveDataFrameColumn<int> i: i.Append((int)(object)value!); break;
                case PrimitiveDataFrameColumn<float> f: f.Append((float)(object)value!); break;
                case PrimitiveDataFrameColumn<double> d: d.Append((double)(object)value!); break;
                case PrimitiveDataFrameColumn<bool> b: b.Append((bool)(object)value!); break;
                default: throw new InvalidOperationException($"Unexpected column type {column.GetType().Name}.");
            }
        }
    }

    private readonly record struct PrimitiveOrString(DataFrameColumn Column)
    {
        public static explicit operator PrimitiveOrString(DataFrameColumn column) => new(column);
    }
}
