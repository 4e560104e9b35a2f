using NeuralMath.Model;
using NeuralMath.Tokenization;
using static TorchSharp.torch;

namespace NeuralMath.Cli.Benchmarks;

/// <summary>
/// A deliberately slow reference decoder, kept only to measure against: one input at a time, no key/value cache
/// (every step re-runs the model's full teacher-forced forward over the whole prefix), and each step sorts all
/// k × V candidates fully, as the original PyTorch project did. Not a product path; do not reuse.
/// </summary>
internal static class NaiveDecoder
{
    /// <summary>Beam-decodes one framed source; returns the best hypothesis' tokens (after <c>[SOS]</c>).</summary>
    public static int[] Decode(Seq2SeqModel model, int[] source, int beams, int maxLength, Device device)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var src = tensor(source.Select(t => (long)t).ToArray(), device: device).unsqueeze(0);
        var live = new List<(int[] Tokens, double LogP)> { ([], 0.0) };
        var finished = new List<(int[] Tokens, double LogP)>();
        int vocab = model.VocabularySize;
        for (int step = 0; step < maxLength && live.Count > 0 && finished.Count < beams; step++)
        {
            using var stepScope = NewDisposeScope();
            int rows = live.Count;
            var prefix = new long[rows * (step + 1)];
            for (int r = 0; r < rows; r++)
            {
                prefix[r * (step + 1)] = Vocabulary.StartId;
                for (int j = 0; j < step; j++) prefix[r * (step + 1) + j + 1] = live[r].Tokens[j];
            }
            var logits = model.forward(src.repeat(rows, 1), tensor(prefix, device: device).view(rows, step + 1));
            var logProbs = nn.functional.log_softmax(logits.select(1, step), 1).cpu().data<float>().ToArray();

            var keys = new double[rows * vocab];
            var order = new int[rows * vocab];
            for (int i = 0; i < keys.Length; i++)
            {
                keys[i] = -(live[i / vocab].LogP + logProbs[i]);
                order[i] = i;
            }
            Array.Sort(keys, order);
            var next = new List<(int[] Tokens, double LogP)>(beams);
            for (int c = 0; c < beams; c++)
            {
                int row = order[c] / vocab, token = order[c] % vocab;
                var extended = (Tokens: (int[])[.. live[row].Tokens, token], LogP: -keys[c]);
                (token == Vocabulary.EndId ? finished : next).Add(extended);
            }
            live = next;
        }
        var pool = finished.Count > 0 ? finished : live;
        return pool.MaxBy(h => h.LogP).Tokens;
    }
}
