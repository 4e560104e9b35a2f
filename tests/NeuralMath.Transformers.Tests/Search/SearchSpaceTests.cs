using System.Text.Json.Nodes;
using FsCheck.Xunit;
using NeuralMath.Configuration;
using NeuralMath.Search;

namespace NeuralMath.Tests.Search;

/// <summary>The declared spaces, their JSON overrides, and how trials are drawn from them.</summary>
public sealed class SearchSpaceTests
{
    private static readonly ProblemOptions Addition = new() { Name = "addition", Max = 99, OutOfSample = 20 };
    private static readonly ProblemOptions Factorization = new() { Name = "factorization", Max = 65536, OutOfSample = 2048 };

    [Theory]
    [InlineData("quickstart", "addition", 99)]
    [InlineData("factorization-2p16-cpu", "factorization", 65536)]
    public void EachDefaultStart_IsTheRecipeItIsTakenFrom(string config, string problem, long max)
    {
        // The recipes' own schedule (steps, validation and checkpoint intervals) is the build's to set, segment by segment.
        var recipe = RunConfig.Load(Path.Combine(Repository.Root, "configs", config + ".json"));
        Assert.Equal(DefaultSpaces.OutOfSample(problem, max), recipe.Problem.OutOfSample);
        var start = SearchSpace.For(recipe.Problem).StartConfig();
        foreach (var c in new[] { recipe, start })
            (c.Training.Steps, c.Training.EvalEvery, c.Training.CheckpointEvery) = (1, 1, 1);
        Assert.Equal(recipe.ToJson(), start.ToJson());
    }

    [Property(MaxTest = 150)]
    public bool EveryLaterTrial_ChangesOneToThreeSettingsOfTheStart_IntoAValidConfig(long seed, byte trial)
    {
        foreach (var problem in new[] { Addition, Factorization })
        {
            var space = SearchSpace.For(problem);
            int id = 2 + trial % 40;
            var settings = space.Sample(seed, id, new HashSet<string>());
            if (settings is null || settings.Count is < 1 or > 3) return false;
            var start = space.StartConfig().ToJson();
            var config = space.ConfigFor(settings);
            // Each chosen dimension really differs from the start, and the settings alone make the difference.
            if (settings.Any(s => space.Dimensions.Single(d => d.Name == s.Key).ValueIn(space.Start)!.ToJsonString() == s.Value.ToJsonString())) return false;
            if (config.ToJson() == start) return false;
            // The same seed and trial give the same settings, on any machine (a seeded xoshiro, not System.Random).
            if (space.Describe(space.Sample(seed, id, new HashSet<string>())!) != space.Describe(settings)) return false;
        }
        return true;
    }

    [Fact]
    public void TrialsOfOneBuild_NeverRepeatACombination_AndTrialOneIsTheStart()
    {
        var space = SearchSpace.For(Addition);
        var taken = new HashSet<string>();
        for (int id = 1; id <= 40; id++)
        {
            var settings = space.Sample(5, id, taken)!;
            Assert.True(taken.Add(space.Describe(settings)), $"trial {id} repeats {space.Describe(settings)}");
        }
        Assert.Contains("(start)", taken);
    }

    [Fact]
    public void ASpaceWithNothingLeftToTry_SaysSoWithNull()
    {
        var space = SearchSpace.For(Addition).Override("""
            { "dimensions": { "width": [64, 32], "layers": null, "base": null, "feedForward": null, "heads": null,
                              "positions": null, "norm": null, "learningRate": null, "warmup": null, "batchSize": null, "dropout": null } }
            """, "tiny.json");
        var taken = new HashSet<string> { "(start)", space.Describe(space.Sample(1, 2, new HashSet<string>())!) };
        Assert.Null(space.Sample(1, 3, taken));
    }

    [Fact]
    public void AnOverrideFile_ReplacesAndRemovesDimensions_MergesTheStart_AndSetsTheSchedule()
    {
        var space = SearchSpace.For(Addition).Override("""
            // comments are allowed
            {
              "start": { "model": { "dropout": 0.1 }, "training": { "weightDecay": 0.01 } },
              "dimensions": { "width": [64, 256], "dropout": null, "training.weightDecay": [0.01, 0.1] },
              "schedule": { "minSteps": 100, "eta": 2 }
            }
            """, "space.json");
        var start = space.StartConfig();
        Assert.Equal((0.1, 0.01, 64), (start.Model.Dropout, start.Training.WeightDecay, start.Model.ModelDim));
        Assert.Equal(["64", "256"], space.Dimensions.Single(d => d.Name == "width").Choices.Select(c => c.ToJsonString()));
        Assert.DoesNotContain(space.Dimensions, d => d.Name == "dropout");
        Assert.Equal("training.weightDecay", space.Dimensions[^1].Name);
        Assert.Equal((100, 2, 6), (space.Schedule.MinSteps, space.Schedule.Eta, space.Schedule.MinTrials));
        // layers sets both stacks.
        var config = space.ConfigFor(new Dictionary<string, JsonNode> { ["layers"] = 3 });
        Assert.Equal((3, 3), (config.Model.EncoderLayers, config.Model.DecoderLayers));
        // What build.json records reads back as the same space.
        Assert.Equal(space.ToJson().ToJsonString(), SearchSpace.Parse(space.ToJson().ToJsonString(), "build.json").ToJson().ToJsonString());
    }

    [Theory]
    [InlineData("""{ "dimensions": { "width": [64, 32] }, "extra": 1 }""", "space.json: unknown section 'extra'")]
    [InlineData("""{ "start": { "problem": { "max": 5 } } }""", "space.json: start.problem")]
    [InlineData("""{ "start": { "model": { "widht": 5 } } }""", "widht")]
    [InlineData("""{ "dimensions": { "model.dropuot": [0.1] } }""", "dropuot")]
    [InlineData("""{ "dimensions": { "dropout": [0.1, 1.5] } }""", "dimension dropout, choice 1.5: ")]
    [InlineData("""{ "dimensions": { "depth": [2] } }""", "dimension 'depth' is neither")]
    [InlineData("""{ "dimensions": { "problem.max": [50] } }""", "problem settings cannot be searched")]
    [InlineData("""{ "dimensions": { "width": [] } }""", "dimension 'width' has no choices")]
    [InlineData("""{ "dimensions": { "width": [32, 32] } }""", "lists a choice twice")]
    [InlineData("""{ "dimensions": { "model.modelDim": [32] } }""", "width and model.modelDim set the same setting")]
    [InlineData("""{ "schedule": { "eta": 1 } }""", "schedule.eta must be at least 2")]
    [InlineData("""{ "schedule": { "minStep": 1 } }""", "schedule")]
    [InlineData("""{ "schedule": { "eta": 2, "eta": 3 } }""", "schedule.eta is set twice")]
    [InlineData("""{ "dimensions": """, "not valid JSON")]
    public void ABadOverrideFile_IsOneLineNamingTheFileAndTheSetting(string json, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => SearchSpace.For(Addition).Override(json, "space.json"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }
}
