using System.Buffers;
using Microsoft.ML.OnnxRuntime;

namespace NeuralMath.Onnx.Runtime;

/// <summary>
/// A float32 tensor held in managed memory between decoder steps; row = first dimension. Its buffer is rented from
/// the shared array pool and given back by <see cref="Dispose"/>: beam search replaces these tensors whenever
/// finished inputs leave the batch, and a fresh multi-megabyte array each time (large-object heap, zeroed, new
/// pages) cost several times the copy itself.
/// </summary>
internal sealed class CacheTensor : IDisposable
{
    private float[]? _buffer;

    private CacheTensor(int length, long[] shape)
    {
        _buffer = ArrayPool<float>.Shared.Rent(length);
        Length = length;
        Shape = shape;
    }

    public long[] Shape { get; }

    /// <summary>Number of elements (the rented buffer may be longer).</summary>
    public int Length { get; }

    private Memory<float> Data => (_buffer ?? throw new ObjectDisposedException(nameof(CacheTensor))).AsMemory(0, Length);

    public static CacheTensor From(OrtValue value)
    {
        var source = value.GetTensorDataAsSpan<float>();
        var tensor = new CacheTensor(source.Length, value.GetTensorTypeAndShape().Shape);
        source.CopyTo(tensor.Data.Span);
        return tensor;
    }

    /// <summary>An ORT view of the data (no copy); dispose it after the run.</summary>
    public OrtValue View() => OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, Data, Shape);

    /// <summary>The rows at <paramref name="rows"/>, in that order (beam reordering), in a new tensor.</summary>
    public CacheTensor SelectRows(ReadOnlySpan<int> rows)
    {
        int rowSize = Shape[0] == 0 ? 0 : Length / (int)Shape[0];
        var shape = (long[])Shape.Clone();
        shape[0] = rows.Length;
        var result = new CacheTensor(rows.Length * rowSize, shape);
        var source = Data.Span;
        var target = result.Data.Span;
        for (int i = 0; i < rows.Length; i++)
            source.Slice(rows[i] * rowSize, rowSize).CopyTo(target.Slice(i * rowSize, rowSize));
        return result;
    }

    public void Dispose()
    {
        if (_buffer is not null) ArrayPool<float>.Shared.Return(_buffer);
        _buffer = null;
    }
}
