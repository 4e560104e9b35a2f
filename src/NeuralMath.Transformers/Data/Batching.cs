using NeuralMath.Tokenization;
using static TorchSharp.torch;

namespace NeuralMath.Data;

/// <summary>Turns token sequences into padded int64 tensors.</summary>
internal static class Batching
{
    /// <summary>Right-pads sequences with <c>[PAD]</c> into a [B, maxLength] int64 tensor on <paramref name="device"/>.</summary>
    public static Tensor PadRight(IReadOnlyList<int[]> sequences, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        int rows = sequences.Count, width = 0;
        foreach (var s in sequences) width = Math.Max(width, s.Length);
        var data = new long[rows * width];
        for (int r = 0; r < rows; r++)
        {
            var s = sequences[r];
            for (int c = 0; c < s.Length; c++) data[r * width + c] = s[c];
            for (int c = s.Length; c < width; c++) data[r * width + c] = Vocabulary.PadId;
        }
        return tensor(data, [rows, width], device: device);
    }
}
