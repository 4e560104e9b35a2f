using Microsoft.ML.OnnxRuntime;

namespace NeuralMath.Onnx.Runtime;

/// <summary>A float32 tensor held in managed memory between decoder steps; row = first dimension.</summary>
internal sealed class CacheTensor(float[] data, long[] shape)
{
    public float[] Data { get; } = data;

    public long[] Shape { get; } = shape;

    public static CacheTensor From(OrtValue value) =>
        new(value.GetTensorDataAsSpan<float>().ToArray(), value.GetTensorTypeAndShape().Shape);

    /// <summary>A zeroed tensor of <paramref name="shape"/> with one more entry along <paramref name="axis"/>: a cache after one step.</summary>
    public static CacheTensor Grown(long[] shape, int axis)
    {
        var grown = (long[])shape.Clone();
        grown[axis]++;
        long size = 1;
        foreach (var d in grown) size *= d;
        return new CacheTensor(new float[size], grown);
    }

    /// <summary>An ORT view of the data (no copy); dispose it after the run.</summary>
    public OrtValue View() => OrtValue.CreateTensorValueFromMemory(Data, Shape);

    /// <summary>The rows at <paramref name="rows"/>, in that order (beam reordering).</summary>
    public CacheTensor SelectRows(ReadOnlySpan<int> rows)
    {
        int rowSize = Shape[0] == 0 ? 0 : Data.Length / (int)Shape[0];
        var result = new float[rows.Length * rowSize];
        for (int i = 0; i < rows.Length; i++)
            Array.Copy(Data, rows[i] * rowSize, result, i * rowSize, rowSize);
        var shape = (long[])Shape.Clone();
        shape[0] = rows.Length;
        return new CacheTensor(result, shape);
    }
}
