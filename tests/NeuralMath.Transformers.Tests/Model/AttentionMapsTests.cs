using NeuralMath.Model;

namespace NeuralMath.Tests.Model;

[Collection(TorchRandomCollection.Name)]
public class AttentionMapsTests
{
    [Fact]
    public void Capture_ReturnsEveryLayerAndHead_WithRowsThatSumToOne_AndACausalDecoder()
    {
        using var model = Seq2SeqModelTests.TinyModel(PositionEncoding.Relative, NormPlacement.Pre, shared: true, crossPositions: true);
        int[] source = [1, 5, 6, 3, 7, 2];
        int[] decoderInput = [1, 4, 8];
        var maps = AttentionMaps.Capture(model, source, decoderInput);

        AssertShape(maps.Encoder, 2, 4, source.Length, source.Length);
        AssertShape(maps.Decoder, 2, 4, decoderInput.Length, decoderInput.Length);
        AssertShape(maps.Cross, 2, 4, decoderInput.Length, source.Length);
        foreach (var row in new[] { maps.Encoder, maps.Decoder, maps.Cross }.SelectMany(m => m).SelectMany(l => l).SelectMany(h => h))
            Assert.Equal(1.0, row.Sum(), 4);
        // A decoder position never sees a later one.
        foreach (var head in maps.Decoder.SelectMany(l => l))
            for (int q = 0; q < decoderInput.Length; q++)
                for (int k = q + 1; k < decoderInput.Length; k++) Assert.Equal(0f, head[q][k]);
        // Capture is switched off again, so decoding takes the fast path.
        Assert.All(model.AttentionModules("encoder").Concat(model.AttentionModules("cross")), m => Assert.False(m.CaptureWeights));
    }

    [Fact]
    public void AModelWithoutEncoderLayersOrDecoderSelfAttention_HasOnlyCrossAttentionMaps()
    {
        using var model = Seq2SeqModelTests.TinyModel(PositionEncoding.PerNumber, NormPlacement.Pre, shared: true, crossPositions: false,
            encoder: false, decoderSelfAttention: false);
        var maps = AttentionMaps.Capture(model, [1, 5, 6, 3, 7, 2], [1, 4, 8]);
        Assert.Empty(maps.Encoder);
        Assert.Empty(maps.Decoder);
        AssertShape(maps.Cross, 2, 4, 3, 6);
    }

    [Fact]
    public void Capture_RejectsADecoderInputWithoutStart()
    {
        using var model = Seq2SeqModelTests.TinyModel(PositionEncoding.Sinusoidal, NormPlacement.Post, shared: false, crossPositions: false);
        Assert.Throws<ArgumentException>(() => AttentionMaps.Capture(model, [1, 5, 2], [4, 8]));
    }

    private static void AssertShape(float[][][][] maps, int layers, int heads, int queries, int keys)
    {
        Assert.Equal(layers, maps.Length);
        Assert.All(maps, l => Assert.Equal(heads, l.Length));
        Assert.All(maps.SelectMany(l => l), h => Assert.Equal(queries, h.Length));
        Assert.All(maps.SelectMany(l => l).SelectMany(h => h), r => Assert.Equal(keys, r.Length));
    }
}
