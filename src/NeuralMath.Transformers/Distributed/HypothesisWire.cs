using NeuralMath.Decoding;

namespace NeuralMath.Distributed;

/// <summary>
/// Decoded beams as bytes, for ranks that decode shares of one input list and then all need every result: the tokens,
/// log-probability, score and finished flag of each hypothesis, exactly (checking them again on arrival is cheap).
/// </summary>
internal static class HypothesisWire
{
    public static byte[] Write(IReadOnlyList<IReadOnlyList<Hypothesis>> beamsPerInput)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer))
        {
            w.Write(beamsPerInput.Count);
            foreach (var beams in beamsPerInput)
            {
                w.Write(beams.Count);
                foreach (var h in beams)
                {
                    w.Write(h.Tokens.Length);
                    foreach (var t in h.Tokens) w.Write(t);
                    w.Write(h.LogProbability);
                    w.Write(h.Score);
                    w.Write(h.Finished);
                }
            }
        }
        return buffer.ToArray();
    }

    public static IReadOnlyList<Hypothesis>[] Read(byte[] bytes)
    {
        using var r = new BinaryReader(new MemoryStream(bytes));
        var result = new IReadOnlyList<Hypothesis>[r.ReadInt32()];
        for (int i = 0; i < result.Length; i++)
        {
            var beams = new Hypothesis[r.ReadInt32()];
            for (int b = 0; b < beams.Length; b++)
            {
                var tokens = new int[r.ReadInt32()];
                for (int t = 0; t < tokens.Length; t++) tokens[t] = r.ReadInt32();
                beams[b] = new Hypothesis(tokens, r.ReadDouble(), r.ReadDouble(), r.ReadBoolean());
            }
            result[i] = beams;
        }
        return result;
    }
}
