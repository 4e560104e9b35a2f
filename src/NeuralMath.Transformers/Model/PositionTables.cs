using static TorchSharp.torch;

namespace NeuralMath.Model;

/// <summary>Sinusoidal position tables (Vaswani et al. 2017).</summary>
internal static class PositionTables
{
    /// <summary>Rows for positions <paramref name="first"/> .. first + count − 1, [count, d].</summary>
    public static Tensor Sinusoidal(long first, long count, int modelDim)
    {
        using var scope = NewDisposeScope();
        var positions = arange(first, first + count, dtype: ScalarType.Float32).unsqueeze(1);              // [N, 1]
        var frequencies = exp(arange(0, modelDim, 2, dtype: ScalarType.Float32) * (-Math.Log(10000.0) / modelDim)); // [d/2]
        var angles = positions * frequencies.unsqueeze(0);                                                   // [N, d/2]
        var table = zeros(count, modelDim);
        table[TensorIndex.Colon, TensorIndex.Slice(0, null, 2)] = sin(angles);
        table[TensorIndex.Colon, TensorIndex.Slice(1, null, 2)] = cos(angles)[TensorIndex.Colon, TensorIndex.Slice(0, modelDim / 2)];
        return table.MoveToOuterDisposeScope();
    }

    /// <summary>One row per relative offset −(P−1) .. P−1, [2P − 1, d].</summary>
    public static Tensor Relative(int maxPositions, int modelDim) => Sinusoidal(-(maxPositions - 1), 2L * maxPositions - 1, modelDim);
}
