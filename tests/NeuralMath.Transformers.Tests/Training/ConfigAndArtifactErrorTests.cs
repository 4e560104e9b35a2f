using NeuralMath.Artifacts;
using NeuralMath.Configuration;

namespace NeuralMath.Tests.Training;

[Collection(TorchRandomCollection.Name)]
public sealed class ConfigAndArtifactErrorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nm-errors-").FullName;

    [Theory]
    [InlineData("tokenizer.base=1", "tokenizer.base")]
    [InlineData("problem.name=\"sorting\"", "problem.name is 'sorting'")]
    [InlineData("training.batchSize=-4", "training.batchSize")]
    [InlineData("model.modelDim=30", "divisible by heads")]
    [InlineData("training.stepz=5", "stepz")]
    public void BadConfigs_NameWhatIsWrong(string assignment, string expected)
    {
        var e = Record.Exception(() => TrainerTests.TinyAddition(10).ToJson().Pipe(json => RunConfig.Parse(json, [assignment])));
        Assert.NotNull(e);
        Assert.True(e is ArgumentException or InvalidDataException, e.GetType().Name);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingConfig_SaysSo() =>
        Assert.Contains("does not exist", Assert.Throws<FileNotFoundException>(() => RunConfig.Load(Path.Combine(_dir, "nope.json"))).Message, StringComparison.Ordinal);

    [Fact]
    public void CorruptTruncatedOrForeignModelFiles_GiveClearErrors()
    {
        var path = Path.Combine(_dir, "run");
        new NeuralMath.Training.Trainer(TrainerTests.TinyAddition(2), path).Run(finalEvaluation: false);
        var good = File.ReadAllBytes(Path.Combine(path, "model.nmm"));

        var truncated = Path.Combine(_dir, "truncated.nmm");
        File.WriteAllBytes(truncated, good[..(good.Length / 2)]);
        Assert.Contains("not a readable NeuralMath model", Assert.Throws<InvalidDataException>(() => ModelArtifact.Load(truncated, "cpu")).Message, StringComparison.Ordinal);

        var foreign = Path.Combine(_dir, "foreign.nmm");
        File.WriteAllText(foreign, "this is not a model");
        Assert.Throws<InvalidDataException>(() => ModelArtifact.Load(foreign, "cpu"));

        var flipped = (byte[])good.Clone();
        for (int i = good.Length / 3; i < good.Length / 3 + 64; i++) flipped[i] ^= 0x5A;
        var damaged = Path.Combine(_dir, "damaged.nmm");
        File.WriteAllBytes(damaged, flipped);
        Assert.Throws<InvalidDataException>(() => ModelArtifact.Load(damaged, "cpu"));

        Assert.Throws<FileNotFoundException>(() => ModelArtifact.Load(Path.Combine(_dir, "missing.nmm"), "cpu"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}

internal static class PipeExtensions
{
    public static TOut Pipe<TIn, TOut>(this TIn value, Func<TIn, TOut> f) => f(value);
}
