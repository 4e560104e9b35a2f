using NeuralMath.Decoding;
using NeuralMath.Distributed;

namespace NeuralMath.Tests.Distributed;

/// <summary>The bytes ranks exchange after decoding their shares carry every beam exactly.</summary>
public sealed class HypothesisWireTests
{
    [Fact]
    public void RandomBeams_RoundTripExactly()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 50; trial++)
        {
            var inputs = Enumerable.Range(0, random.Next(0, 20)).Select(_ => (IReadOnlyList<Hypothesis>)Enumerable.Range(0, random.Next(0, 5))
                .Select(_ => new Hypothesis(
                    Enumerable.Range(0, random.Next(0, 12)).Select(_ => random.Next(0, 4000)).ToArray(),
                    -random.NextDouble() * 30, random.NextDouble() < 0.1 ? double.NegativeInfinity : -random.NextDouble(), random.Next(2) == 0))
                .ToArray()).ToArray();

            var back = HypothesisWire.Read(HypothesisWire.Write(inputs));

            Assert.Equal(inputs.Length, back.Length);
            for (int i = 0; i < inputs.Length; i++)
            {
                Assert.Equal(inputs[i].Count, back[i].Count);
                for (int b = 0; b < inputs[i].Count; b++)
                {
                    Assert.Equal(inputs[i][b].Tokens, back[i][b].Tokens);
                    Assert.Equal(inputs[i][b].LogProbability, back[i][b].LogProbability);
                    Assert.Equal(inputs[i][b].Score, back[i][b].Score);
                    Assert.Equal(inputs[i][b].Finished, back[i][b].Finished);
                }
            }
        }
    }

    [Fact]
    public void OneProcess_IsAWorldOfOne_WhoseCollectivesChangeNothing()
    {
        // The test host is not started by mpiexec, so it must not join (or even load) MPI.
        Assert.Equal(1, Communicator.LaunchedRanks());
        var world = Communicator.World;
        Assert.Equal((0, 1, "none"), (world.Rank, world.Size, world.Library));
        float[] values = [1, 2, 3];
        world.Sum(values);
        world.Broadcast(values);
        Assert.Equal([1f, 2f, 3f], values);
        Assert.Equal([[9, 8]], world.AllGather([9, 8]));
    }
}
