using NeuralMath.Model;
using NeuralMath.Runtime;
using static TorchSharp.torch;

namespace NeuralMath.Tests.Model;

[Collection(TorchRandomCollection.Name)]
public sealed class MultiHeadAttentionTests
{
    [Fact]
    public void SelfQueryKeyValue_IsTheThreeSeparateProjections_ValuesAndGradients()
    {
        // One product with the weights side by side must be the same function as three (floats summed in another order
        // at most), so a model trained either way, and its files, mean the same thing.
        using var scope = NewDisposeScope();
        TorchRandom.Seed(11);
        using var attention = new MultiHeadAttention("attn", modelDim: 16, heads: 4, dropout: 0, initGain: 0.5, relative: true);
        var x = randn(3, 5, 16);

        var (q, k, v) = attention.SelfQueryKeyValue(x);
        var fusedLoss = q.mul(1.0).sum().add(k.mul(2.0).sum()).add(v.mul(3.0).sum());
        fusedLoss.backward();
        var fusedGradients = attention.parameters().Select(p => p.grad?.clone()).ToArray();
        attention.zero_grad();

        var separateQ = attention.Query(x);
        var (separateK, separateV) = attention.KeyValue(x, x);
        var separateLoss = separateQ.mul(1.0).sum().add(separateK.mul(2.0).sum()).add(separateV.mul(3.0).sum());
        separateLoss.backward();
        var separateGradients = attention.parameters().Select(p => p.grad?.clone()).ToArray();

        Assert.Equal(new long[] { 3, 4, 5, 4 }, q.shape);
        Assert.True(q.allclose(separateQ, rtol: 1e-5, atol: 1e-6));
        Assert.True(k.allclose(separateK, rtol: 1e-5, atol: 1e-6));
        Assert.True(v.allclose(separateV, rtol: 1e-5, atol: 1e-6));
        Assert.Equal(separateGradients.Length, fusedGradients.Length);
        int compared = 0;
        for (int i = 0; i < fusedGradients.Length; i++)
        {
            Assert.Equal(separateGradients[i] is null, fusedGradients[i] is null);
            if (fusedGradients[i] is null) continue;
            Assert.True(fusedGradients[i]!.allclose(separateGradients[i]!, rtol: 1e-5, atol: 1e-5), $"gradient {i}");
            compared++;
        }
        Assert.Equal(3, compared);                                        // w_q, w_k and w_v; the rest are unused here
    }
}
