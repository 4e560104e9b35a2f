using NeuralMath.Data;
using NeuralMath.Problems;

namespace NeuralMath.Tests.Data;

public class ProblemDataTests
{
    private static readonly DataSplit[] HeldSplits = [DataSplit.Train, DataSplit.Validation, DataSplit.Test];

    [Theory]
    [InlineData(FactorizationProblem.ProblemName, 1L << 16)]
    [InlineData(AdditionProblem.ProblemName, 255L)]
    public void EveryInRangeInput_IsInExactlyOneSplit(string name, long max)
    {
        var problem = ProblemRegistry.Create(name);
        var rule = new SplitRule(11, 0.05, 0.05);
        var all = problem.InRange(max).Select(i => problem.FormatInput(i)).ToList();
        var bySplit = HeldSplits.ToDictionary(s => s, s => ProblemData.Inputs(problem, max, rule, s, 0).Select(i => problem.FormatInput(i)).ToList());

        // Coverage and disjointness: the splits' union, with duplicates, is exactly the in-range set.
        var union = bySplit.Values.SelectMany(x => x).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(all.Order(StringComparer.Ordinal), union);
        Assert.InRange(bySplit[DataSplit.Train].Count / (double)all.Count, 0.89, 0.91);
        Assert.InRange(bySplit[DataSplit.Validation].Count / (double)all.Count, 0.04, 0.06);
    }

    [Fact]
    public void TrainingDraws_FromAnOperandDistribution_KeepRepeats_ButNeverAHeldOutInput()
    {
        var problem = ProblemRegistry.Create(new Configuration.ProblemOptions { Name = "addition", Distribution = OperandDistribution.LogUniform, Samples = 5000 });
        var rule = new SplitRule(3, 0.1, 0.1);
        var train = ProblemData.Inputs(problem, 50, rule, DataSplit.Train, 0).ToArray();
        var heldOut = HeldSplits.Skip(1).SelectMany(s => ProblemData.Inputs(problem, 50, rule, s, 0)).Select(i => (i[0], i[1])).ToHashSet();
        Assert.InRange(train.Length, 3500, 4500); // about 80% of the 5,000 draws
        Assert.True(train.Select(i => (i[0], i[1])).Distinct().Count() < train.Length / 2); // small operands repeat
        Assert.DoesNotContain(train, i => heldOut.Contains((i[0], i[1])));
        Assert.Equal(51 * 51, heldOut.Count + problem.InRange(50).Count(i => rule.SplitOf(problem.SplitKey(i)) == DataSplit.Train)); // held out: uniform over the square
    }

    [Fact]
    public void OutOfSample_IsTheProblemsOutOfSampleRange()
    {
        var problem = new FactorizationProblem();
        var rule = new SplitRule(1, 0.05, 0.05);
        var inputs = ProblemData.Inputs(problem, 1000, rule, DataSplit.OutOfSample, 50).Select(i => i[0]).ToArray();
        Assert.Equal(Enumerable.Range(1000, 50).Select(i => (long)i), inputs);
    }

    [Fact]
    public void IsLazy_EvenForAHugeRange()
    {
        var problem = new FactorizationProblem();
        var first = ProblemData.Inputs(problem, long.MaxValue, new SplitRule(1, 0.05, 0.05), DataSplit.Validation, 0).Take(3).ToList();
        Assert.Equal(3, first.Count);
        Assert.All(first, input => Assert.InRange(input[0], 2, 10_000));
    }

    [Fact]
    public void BadArguments_ThrowEagerly()
    {
        var rule = new SplitRule(1, 0.05, 0.05);
        Assert.Throws<ArgumentNullException>(() => ProblemData.Inputs(null!, 10, rule, DataSplit.Train, 0));
        Assert.Throws<ArgumentNullException>(() => ProblemData.Inputs(new AdditionProblem(), 10, null!, DataSplit.Train, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProblemData.Inputs(new AdditionProblem(), 10, rule, (DataSplit)17, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProblemData.Inputs(new AdditionProblem(), 10, rule, DataSplit.OutOfSample, -1));
    }
}
