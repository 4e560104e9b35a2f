using NeuralMath.Data;
using NeuralMath.Problems;

namespace NeuralMath.Tests.Data;

public class SplitRuleTests
{
    private const int Keys = 1 << 16;

    [Fact]
    public void SameSeed_GivesTheSameSplits_DifferentSeed_DifferentSplits()
    {
        DataSplit[] a = Splits(new SplitRule(42, 0.05, 0.05)), again = Splits(new SplitRule(42, 0.05, 0.05));
        DataSplit[] other = Splits(new SplitRule(43, 0.05, 0.05));
        Assert.Equal(a, again);
        // Independent 90/5/5 splits disagree on 1 - (0.81 + 0.0025 + 0.0025) ≈ 18.5% of keys.
        int differ = a.Zip(other).Count(pair => pair.First != pair.Second);
        Assert.InRange(differ / (double)Keys, 0.15, 0.22);
    }

    [Fact]
    public void Splits_ArePinned_SoTheyMatchOnEveryMachineAndRuntime()
    {
        // Golden values from an independent Python implementation of the documented formula:
        // u = top53(SplitMix64(SplitMix64(seed) + key·γ)) / 2^53. A change here silently reshuffles every dataset.
        var rule = new SplitRule(42, 0.05, 0.05);
        var held = Enumerable.Range(0, 200).Where(k => rule.SplitOf((ulong)k) != DataSplit.Train)
            .Select(k => (k, rule.SplitOf((ulong)k) == DataSplit.Validation ? 'V' : 'T'));
        (int, char)[] expected =
        [
            (4, 'V'), (14, 'T'), (15, 'V'), (17, 'T'), (19, 'T'), (30, 'V'), (31, 'T'), (52, 'T'), (58, 'V'), (60, 'V'), (64, 'V'), (73, 'V'),
            (102, 'V'), (106, 'T'), (109, 'V'), (122, 'V'), (127, 'T'), (129, 'T'), (134, 'T'), (137, 'T'), (145, 'V'), (160, 'V'), (165, 'T'), (179, 'T'),
        ];
        Assert.Equal(expected, held);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(42UL)]
    [InlineData(ulong.MaxValue)]
    public void Fractions_AreWithinOnePercent_Of90_5_5(ulong seed)
    {
        var splits = Splits(new SplitRule(seed, 0.05, 0.05));
        Assert.InRange(splits.Count(s => s == DataSplit.Train) / (double)Keys, 0.89, 0.91);
        Assert.InRange(splits.Count(s => s == DataSplit.Validation) / (double)Keys, 0.04, 0.06);
        Assert.InRange(splits.Count(s => s == DataSplit.Test) / (double)Keys, 0.04, 0.06);
    }

    [Fact]
    public void ZeroFractions_PutEverythingInTrain()
    {
        var rule = new SplitRule(7, 0, 0);
        Assert.All(Splits(rule), s => Assert.Equal(DataSplit.Train, s));
    }

    [Fact]
    public void Fractions_AreFirstComeFirstServed_OnTheSameHash()
    {
        // Growing the validation fraction only moves inputs into validation: existing validation inputs stay put.
        var small = Splits(new SplitRule(5, 0.05, 0.05));
        var large = Splits(new SplitRule(5, 0.10, 0.05));
        for (int k = 0; k < Keys; k++)
            if (small[k] == DataSplit.Validation) Assert.Equal(DataSplit.Validation, large[k]);
    }

    [Theory]
    [InlineData(-0.01, 0.05, "validationFraction")]
    [InlineData(1.0, 0.0, "validationFraction")]
    [InlineData(double.NaN, 0.05, "validationFraction")]
    [InlineData(0.05, -1e-9, "testFraction")]
    [InlineData(0.05, double.PositiveInfinity, "testFraction")]
    [InlineData(0.5, 0.5, "testFraction")]
    [InlineData(0.6, 0.45, "testFraction")]
    public void BadFractions_Throw_NamingTheParameter(double validation, double test, string parameter)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new SplitRule(1, validation, test));
        Assert.Equal(parameter, e.ParamName);
    }

    [Fact]
    public void ExposesItsSettings()
    {
        var rule = new SplitRule(9, 0.1, 0.2);
        Assert.Equal((9UL, 0.1, 0.2), (rule.Seed, rule.ValidationFraction, rule.TestFraction));
    }

    [Fact]
    public void AdditionKeys_AlsoSplit90_5_5()
    {
        // Addition packs (a, b) into one key; the split must not depend on which half the bits are in.
        var problem = new AdditionProblem();
        var rule = new SplitRule(3, 0.05, 0.05);
        var splits = problem.InRange(255).Select(input => rule.SplitOf(problem.SplitKey(input))).ToArray();
        Assert.Equal(Keys, splits.Length);
        Assert.InRange(splits.Count(s => s == DataSplit.Validation) / (double)Keys, 0.04, 0.06);
        Assert.InRange(splits.Count(s => s == DataSplit.Test) / (double)Keys, 0.04, 0.06);
    }

    private static DataSplit[] Splits(SplitRule rule) => Enumerable.Range(0, Keys).Select(k => rule.SplitOf((ulong)k)).ToArray();
}
