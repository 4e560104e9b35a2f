using NeuralMath.Model;
using NeuralMath.Runtime;
using static TorchSharp.torch;

namespace NeuralMath.Tests.Model;

[Collection(TorchRandomCollection.Name)]
public sealed class FastDropoutTests
{
    [Fact]
    public void InEvaluation_ItIsTheIdentity()
    {
        using var scope = NewDisposeScope();
        using var dropout = new FastDropout(0.3);
        dropout.eval();
        var x = randn(4, 5);
        Assert.True(dropout.forward(x).eq(x).all().item<bool>());
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.5)]
    public void InTraining_ItKeepsAboutOneMinusP_AndScalesTheKeptByTheInverse(double p)
    {
        using var scope = NewDisposeScope();
        using var dropout = new FastDropout(p);
        dropout.train();
        TorchRandom.Seed(3);
        var x = ones(300_000);                                     // several fill chunks
        var y = dropout.forward(x);
        var kept = y.ne(0);
        double fraction = kept.to(ScalarType.Float64).mean().item<double>();
        // Binomial: 5 standard deviations of the kept fraction over 300,000 elements.
        Assert.InRange(fraction, 1 - p - 5 * Math.Sqrt(p * (1 - p) / 300_000), 1 - p + 5 * Math.Sqrt(p * (1 - p) / 300_000));
        Assert.True(y.masked_select(kept).eq((float)(1 / (1 - p))).all().item<bool>());
    }

    [Fact]
    public void TheMask_FollowsTorchsSeed()
    {
        using var scope = NewDisposeScope();
        using var dropout = new FastDropout(0.2);
        dropout.train();
        var x = ones(100_000);
        TorchRandom.Seed(11);
        var a = dropout.forward(x);
        TorchRandom.Seed(11);
        var b = dropout.forward(x);
        var c = dropout.forward(x);
        Assert.True(a.eq(b).all().item<bool>());
        Assert.False(a.eq(c).all().item<bool>());
    }

    [Fact]
    public void TheGradient_IsTheMask()
    {
        using var scope = NewDisposeScope();
        using var dropout = new FastDropout(0.25);
        dropout.train();
        TorchRandom.Seed(5);
        var x = randn(64, 32).requires_grad_(true);
        var y = dropout.forward(x);
        y.sum().backward();
        // dy/dx = 0 where dropped, 1/(1 − p) where kept: exactly y / x elementwise.
        Assert.True(x.grad!.allclose(y.detach() / x.detach(), rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void AProbabilityOutsideZeroToOne_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FastDropout(1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FastDropout(-0.1));
    }
}
