using NeuralMath.Decoding;
using NeuralMath.Tokenization;

namespace NeuralMath.Tests.Decoding;

public class BeamSearchTests
{
    // Vocabulary: [PAD] [SOS] [EOS] a b → outputs are strings over {a, b} ended by [EOS].
    private const int Vocab = 5, MaxTarget = 5; // at most 4 generated tokens

    /// <summary>Every finished output of <paramref name="d"/> with its log-probability, most probable first.</summary>
    private static List<(int[] Tokens, double LogProb)> Exhaustive(FakeStepDecoder d, int[] source)
    {
        var results = new List<(int[], double)>();
        void Walk(List<int> prefix, double lp)
        {
            var logits = d.Logits(source, prefix);
            double max = logits.Max(), z = Math.Log(logits.Sum(x => Math.Exp(x - max))) + max;
            int generated = prefix.Count - 1;
            for (int w = 2; w < Vocab; w++)
            {
                double next = lp + logits[w] - z;
                if (w == Vocabulary.EndId) results.Add(([.. prefix.Skip(1), w], next));
                else if (generated + 1 < MaxTarget - 1) Walk([.. prefix, w], next);
            }
        }
        Walk([Vocabulary.StartId], 0);
        return results.OrderByDescending(r => r.Item2).ToList();
    }

    /// <summary>
    /// After [SOS], "a" and "b" outrank [EOS], yet the bare [EOS] is the most probable output: every longer one
    /// pays a second factor below its first. Later steps depend on the position only (never on the prefix), so the
    /// k most probable prefixes of each length extend those of the length before, and a beam of k ≥ 2 is exact.
    /// </summary>
    private static FakeStepDecoder EarlyEnd() => new(Vocab, MaxTarget, (_, prefix) => prefix.Count == 1
        ? [-20f, -20f, -0.2f, 0f, -0.1f]
        : [-20f, -20f, 1f, 0f, -0.5f + 0.13f * prefix.Count]);

    public static TheoryData<string> Decoders => ["hash", "early end"];

    private static FakeStepDecoder Decoder(string name) => name == "hash" ? new FakeStepDecoder(Vocab, MaxTarget) : EarlyEnd();

    [Theory]
    [MemberData(nameof(Decoders))]
    public void WideBeam_EqualsExhaustiveEnumeration_OfAllSequences(string name)
    {
        var decoder = Decoder(name);
        int[] source = [1, 3, 4, 2];
        var exact = Exhaustive(decoder, source);
        Assert.Equal(15, exact.Count); // 1 + 2 + 4 + 8 finished strings
        var beams = BeamSearch.Run(decoder, [source], new BeamSearchOptions { Beams = exact.Count })[0];
        Assert.Equal(exact.Count, beams.Count);
        for (int i = 0; i < exact.Count; i++)
        {
            Assert.Equal(exact[i].Tokens, beams[i].Tokens);
            Assert.Equal(exact[i].LogProb, beams[i].LogProbability, 5);
            Assert.True(beams[i].Finished);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void ACompletionRankedBelowTheKeptLiveRows_StillReachesTheFinishedList(int k)
    {
        // At the first step [EOS] ranks third of three, after the k = 2 live rows "a" and "b".
        var decoder = EarlyEnd();
        int[] source = [1, 3, 2];
        var exact = Exhaustive(decoder, source);
        Assert.Equal([Vocabulary.EndId], exact[0].Tokens);
        var beams = BeamSearch.Run(decoder, [source], new BeamSearchOptions { Beams = k })[0];
        Assert.Equal(exact.Take(k).Select(e => e.Tokens), beams.Select(b => b.Tokens));
        Assert.Equal(exact.Take(k).Select(e => Math.Round(e.LogProb, 5)), beams.Select(b => Math.Round(b.LogProbability, 5)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    public void FinishedHypotheses_AreNeverExtended_AndNeverRepeated(int k)
    {
        var decoder = new FakeStepDecoder(Vocab, MaxTarget);
        var results = BeamSearch.Run(decoder, [[1, 3, 2], [1, 4, 4, 2], [1, 2]], new BeamSearchOptions { Beams = k });
        Assert.DoesNotContain(Vocabulary.EndId, decoder.FedTokens);
        Assert.DoesNotContain(Vocabulary.PadId, decoder.FedTokens);
        foreach (var beams in results)
        {
            Assert.InRange(beams.Count, 1, k);
            Assert.Equal(beams.Count, beams.Select(b => string.Join(",", b.Tokens)).Distinct().Count());
            Assert.All(beams.Where(b => b.Finished), b => Assert.Equal(1, b.Tokens.Count(t => t == Vocabulary.EndId)));
            Assert.Equal(beams.Select(b => b.Score).OrderByDescending(s => s), beams.Select(b => b.Score));
        }
    }

    [Fact]
    public void OutputsThatRanOutOfPositions_ComeAfterFinishedOnes_AndAreMarked()
    {
        // [EOS] is unlikely, so "a a" (out of positions after 2 tokens) is more probable than any finished output.
        var decoder = new FakeStepDecoder(Vocab, 3, (_, _) => [-20f, -20f, -3f, 0f, -0.3f]);
        var beams = BeamSearch.Run(decoder, [[1, 3, 2]], new BeamSearchOptions { Beams = 4 })[0];
        Assert.Equal([true, true, true, false], beams.Select(b => b.Finished));
        Assert.Equal([3, 3], beams[3].Tokens);
        Assert.True(beams[3].LogProbability > beams[0].LogProbability, "the rule puts it last whatever its score");
        Assert.Equal(beams.Take(3).Select(b => b.Score).OrderByDescending(s => s), beams.Take(3).Select(b => b.Score));
    }

    [Fact]
    public void Greedy_FollowsTheArgmaxChain()
    {
        var decoder = new FakeStepDecoder(Vocab, MaxTarget);
        int[] source = [1, 4, 3, 2];
        var prefix = new List<int> { Vocabulary.StartId };
        while (prefix.Count < MaxTarget)
        {
            var logits = decoder.Logits(source, prefix);
            int best = Enumerable.Range(2, Vocab - 2).MaxBy(w => logits[w]);
            prefix.Add(best);
            if (best == Vocabulary.EndId) break;
        }
        var greedy = BeamSearch.Run(decoder, [source], new BeamSearchOptions { Beams = 1 })[0][0];
        Assert.Equal(prefix.Skip(1), greedy.Tokens);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void BatchedSearch_EqualsOneInputAtATime(int k)
    {
        int[][] sources = [[1, 3, 2], [1, 4, 4, 3, 2], [1, 2], [1, 3, 3, 2], [1, 4, 2]];
        var options = new BeamSearchOptions { Beams = k, LengthPenalty = 0.6 };
        var batched = BeamSearch.Run(new FakeStepDecoder(Vocab, MaxTarget), sources, options);
        for (int i = 0; i < sources.Length; i++)
        {
            var single = BeamSearch.Run(new FakeStepDecoder(Vocab, MaxTarget), [sources[i]], options)[0];
            Assert.Equal(single.Select(h => string.Join(",", h.Tokens)), batched[i].Select(h => string.Join(",", h.Tokens)));
            Assert.Equal(single.Select(h => h.LogProbability), batched[i].Select(h => h.LogProbability));
        }
    }

    [Fact]
    public void Reorders_SayExactlyWhetherRowsKeptTheirInputs()
    {
        // The fake decoder asserts that each flag is the truth. Both kinds occur: the first step turns one row per input
        // into k rows, and later steps with k live hypotheses per input only move hypotheses within each input.
        int[][] sources = [[1, 3, 2], [1, 4, 4, 3, 2], [1, 2], [1, 3, 3, 2], [1, 4, 2]];
        var decoder = new FakeStepDecoder(Vocab, 12, (_, _) => [-20f, -20f, -9f, 0f, 0f]); // [EOS] unlikely: every input runs long
        BeamSearch.Run(decoder, sources, new BeamSearchOptions { Beams = 2 });
        Assert.Equal(1, decoder.ReordersMovingInputs);
        Assert.True(decoder.ReordersKeepingInputs >= 5, $"{decoder.ReordersKeepingInputs} reorders kept the inputs");
    }

    [Fact]
    public void InvalidOptions_AreRejected()
    {
        var decoder = new FakeStepDecoder(Vocab, MaxTarget);
        Assert.Throws<ArgumentOutOfRangeException>(() => BeamSearch.Run(decoder, [[1, 2]], new BeamSearchOptions { Beams = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => BeamSearch.Run(decoder, [[1, 2]], new BeamSearchOptions { Temperature = 0 }));
    }
}
