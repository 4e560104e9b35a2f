using NeuralMath.Reports.Figures;

namespace NeuralMath.Reports.Tests;

/// <summary>The digit-embedding spectrum finds the frequencies a table is built from.</summary>
public sealed class EmbeddingSpectrumTests
{
    // A [digits × dims] table whose dimension j is amplitude_j × cos(2π k_j d / digits + phase_j).
    private static double[] Table(int digits, params (int K, double Amplitude, double Phase)[] dims)
    {
        var table = new double[digits * dims.Length];
        for (int d = 0; d < digits; d++)
            for (int j = 0; j < dims.Length; j++)
                table[d * dims.Length + j] = dims[j].Amplitude * Math.Cos(2 * Math.PI * dims[j].K * d / digits + dims[j].Phase) + 0.7; // + a constant
        return table;
    }

    [Fact]
    public void APureWave_PutsAllPowerOnItsFrequency_WhateverItsPhase()
    {
        var shares = EmbeddingSpectrum.Shares(Table(97, (5, 1.0, 0.3), (5, 2.0, 1.9)), 97, 2);
        Assert.Equal(48, shares.Length);
        Assert.Equal(1.0, shares[4], 9);
        Assert.Equal(1.0, shares.Sum(), 9);
        Assert.Equal(1, EmbeddingSpectrum.FrequenciesForHalf(shares));
    }

    [Fact]
    public void TwoWaves_SplitThePowerAsTheirSquaredAmplitudes()
    {
        // Power of a cosine of amplitude A over n points: (A n / 2)², so amplitudes 1 and 2 share 1:4.
        var shares = EmbeddingSpectrum.Shares(Table(30, (3, 1.0, 0.0), (11, 2.0, 0.5)), 30, 2);
        Assert.Equal(0.2, shares[2], 9);
        Assert.Equal(0.8, shares[10], 9);
        Assert.Equal(1, EmbeddingSpectrum.FrequenciesForHalf(shares));
    }

    [Fact]
    public void SpreadPower_NeedsManyFrequenciesForHalf()
    {
        var dims = Enumerable.Range(1, 20).Select(k => (k, 1.0, 0.1 * k)).ToArray();
        var shares = EmbeddingSpectrum.Shares(Table(41, dims), 41, dims.Length);
        Assert.Equal(10, EmbeddingSpectrum.FrequenciesForHalf(shares));
    }
}
