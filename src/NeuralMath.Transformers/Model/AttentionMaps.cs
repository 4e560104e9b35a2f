using NeuralMath.Tokenization;
using static TorchSharp.torch;

namespace NeuralMath.Model;

/// <summary>
/// Attention probabilities of one input, per layer and head, for analysis and plots:
/// indexed [layer][head][query][key].
/// </summary>
/// <param name="Encoder">Encoder self-attention (source × source).</param>
/// <param name="Decoder">Decoder self-attention (decoder input × decoder input, causal).</param>
/// <param name="Cross">Encoder-decoder attention (decoder input × source).</param>
public sealed record AttentionMaps(float[][][][] Encoder, float[][][][] Decoder, float[][][][] Cross)
{
    /// <summary>
    /// Runs one teacher-forced forward pass of a framed source and a decoder input (<c>[SOS]</c> then the
    /// output tokens, e.g. the greedy answer) with weight capture on, and returns every attention map.
    /// </summary>
    public static AttentionMaps Capture(Seq2SeqModel model, IReadOnlyList<int> source, IReadOnlyList<int> decoderInput)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(decoderInput);
        if (decoderInput.Count == 0 || decoderInput[0] != Vocabulary.StartId) throw new ArgumentException("The decoder input must start with [SOS].", nameof(decoderInput));
        string[] kinds = ["encoder", "decoder", "cross"];
        var modules = kinds.Select(k => model.AttentionModules(k).ToArray()).ToArray();
        var device = model.parameters().First().device;
        bool wasTraining = model.training;
        model.eval();
        foreach (var m in modules.SelectMany(x => x)) m.CaptureWeights = true;
        try
        {
            using (no_grad())
            using (NewDisposeScope())
            {
                var src = tensor(source.Select(t => (long)t).ToArray(), device: device).unsqueeze(0);
                var tgt = tensor(decoderInput.Select(t => (long)t).ToArray(), device: device).unsqueeze(0);
                model.forward(src, tgt);
            }
            var maps = modules.Select(layers => layers.Select(m => ToArray(m.LastWeights!)).ToArray()).ToArray();
            return new AttentionMaps(maps[0], maps[1], maps[2]);
        }
        finally
        {
            // Capture uses the slower explicit softmax path: switch it off again for decoding.
            foreach (var m in modules.SelectMany(x => x)) m.CaptureWeights = false;
            if (wasTraining) model.train();
        }
    }

    // [1, H, Tq, Tk] → [H][Tq][Tk].
    private static float[][][] ToArray(Tensor weights)
    {
        long heads = weights.shape[1], rows = weights.shape[2], cols = weights.shape[3];
        var flat = weights.to(ScalarType.Float32).data<float>().ToArray();
        var result = new float[heads][][];
        for (long h = 0; h < heads; h++)
        {
            result[h] = new float[rows][];
            for (long r = 0; r < rows; r++)
                result[h][r] = flat.AsSpan((int)((h * rows + r) * cols), (int)cols).ToArray();
        }
        return result;
    }
}
