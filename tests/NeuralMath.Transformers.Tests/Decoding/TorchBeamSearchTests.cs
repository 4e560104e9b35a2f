using NeuralMath.Decoding;
using NeuralMath.Model;
using NeuralMath.Tests.Model;
using static TorchSharp.torch;

namespace NeuralMath.Tests.Decoding;

[Collection(TorchRandomCollection.Name)]
public class TorchBeamSearchTests
{
    [Fact]
    public void CachedBeamSearch_ScoresEqualTheUncachedModel_AndBatchingChangesNothing()
    {
        using var model = Seq2SeqModelTests.TinyModel(PositionEncoding.Relative, NormPlacement.Post, true, true);
        var decoder = new TorchStepDecoder(model, CPU);
        int[][] sources = [[1, 5, 6, 2], [1, 9, 2], [1, 7, 7, 8, 2], [1, 13, 2]];
        var options = new BeamSearchOptions { Beams = 3, MaxLength = 6 };
        var batched = BeamSearch.Run(decoder, sources, options);

        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        for (int i = 0; i < sources.Length; i++)
        {
            var single = BeamSearch.Run(decoder, [sources[i]], options)[0];
            Assert.Equal(single.Select(h => string.Join(",", h.Tokens)), batched[i].Select(h => string.Join(",", h.Tokens)));
            foreach (var h in batched[i])
            {
                Assert.Equal(single.First(s => s.Tokens.SequenceEqual(h.Tokens)).LogProbability, h.LogProbability, 4);
                // Uncached: score the whole hypothesis with one teacher-forced forward pass.
                var input = tensor(new long[] { 1 }.Concat(h.Tokens.Take(h.Tokens.Length - 1).Select(t => (long)t)).ToArray()).unsqueeze(0);
                var logProbs = model.forward(tensor(sources[i].Select(t => (long)t).ToArray()).unsqueeze(0), input).log_softmax(-1)[0];
                double total = 0;
                for (int t = 0; t < h.Tokens.Length; t++) total += logProbs[t, h.Tokens[t]].item<float>();
                Assert.True(Math.Abs(total - h.LogProbability) < 1e-4, $"cached {h.LogProbability} vs uncached {total}");
            }
        }
    }
}
