using NeuralMath.Decoding;
using NeuralMath.Tokenization;

namespace NeuralMath.Tests.Decoding;

/// <summary>
/// A deterministic step decoder whose logits are a hash of (source, prefix), or a given function of them: lets
/// beam search be checked against exhaustive enumeration, and records every token it is fed.
/// </summary>
internal sealed class FakeStepDecoder(int vocabularySize, int maxTargetLength, Func<int[], IReadOnlyList<int>, float[]>? scorer = null) : IStepDecoder
{
    public int VocabularySize { get; } = vocabularySize;

    public int MaxTargetLength { get; } = maxTargetLength;

    public List<int> FedTokens { get; } = [];

    /// <summary>Reorders whose caller said that every row kept its input (each was checked to be true).</summary>
    public int ReordersKeepingInputs { get; private set; }

    /// <summary>Reorders that moved rows between inputs or dropped some.</summary>
    public int ReordersMovingInputs { get; private set; }

    public IDecodingSession Start(IReadOnlyList<int[]> sources) =>
        new Session(this, sources.Select((s, i) => (i, s, new List<int> { Vocabulary.StartId })).ToList());

    /// <summary>The logits this decoder gives after <paramref name="prefix"/> (which starts with [SOS]).</summary>
    public float[] Logits(int[] source, IReadOnlyList<int> prefix) => scorer?.Invoke(source, prefix) ?? HashLogits(source, prefix);

    private float[] HashLogits(int[] source, IReadOnlyList<int> prefix)
    {
        var logits = new float[VocabularySize];
        for (int w = 0; w < VocabularySize; w++)
        {
            ulong h = 1469598103934665603UL;
            foreach (var x in source.Concat(prefix).Append(1000 + w)) h = (h ^ (ulong)x) * 1099511628211UL;
            logits[w] = (float)((h >> 40) % 1000) / 250f; // spread over [0, 4)
        }
        return logits;
    }

    private sealed class Session(FakeStepDecoder owner, List<(int Input, int[] Source, List<int> Prefix)> rows) : IDecodingSession
    {
        private bool _started;

        public void Step(ReadOnlySpan<int> tokens, Span<float> logits)
        {
            Assert.Equal(rows.Count, tokens.Length);
            for (int r = 0; r < rows.Count; r++)
            {
                owner.FedTokens.Add(tokens[r]);
                if (_started) rows[r].Prefix.Add(tokens[r]);
                else Assert.Equal(Vocabulary.StartId, tokens[r]);
                owner.Logits(rows[r].Source, rows[r].Prefix).CopyTo(logits.Slice(r * owner.VocabularySize, owner.VocabularySize));
            }
            _started = true;
        }

        public void Reorder(ReadOnlySpan<int> keep, bool inputsUnchanged)
        {
            // The flag must be exactly the truth: true lets a decoder keep per-input state in place, and false where it
            // could be true would copy that state for nothing.
            bool truth = keep.Length == rows.Count;
            for (int i = 0; truth && i < keep.Length; i++) truth = rows[keep[i]].Input == rows[i].Input;
            Assert.Equal(truth, inputsUnchanged);
            if (inputsUnchanged) owner.ReordersKeepingInputs++;
            else owner.ReordersMovingInputs++;
            var next = new List<(int, int[], List<int>)>(keep.Length);
            foreach (var r in keep) next.Add((rows[r].Input, rows[r].Source, new List<int>(rows[r].Prefix)));
            rows.Clear();
            rows.AddRange(next);
        }

        public void Dispose() { }
    }
}
