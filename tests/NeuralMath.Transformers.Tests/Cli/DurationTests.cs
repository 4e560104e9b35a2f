using NeuralMath.Cli.Commands;

namespace NeuralMath.Tests.Cli;

/// <summary>build's --time: budgets as people write them.</summary>
public sealed class DurationTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("3m", 180)]
    [InlineData("2.5m", 150)]
    [InlineData("1h", 3600)]
    [InlineData("1h30m", 5400)]
    [InlineData("1h0m30s", 3630)]
    public void ADuration_ReadsAsItsSeconds(string text, double seconds) => Assert.Equal(seconds, Duration.Parse(text, "--time").TotalSeconds);

    [Theory]
    [InlineData("3")]
    [InlineData("3 m")]
    [InlineData("m")]
    [InlineData("3m1h")]
    [InlineData("0s")]
    [InlineData("-1m")]
    [InlineData("")]
    [InlineData("31d")]
    public void AnythingElse_IsRefusedNamingTheOption(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => Duration.Parse(text, "--time"));
        Assert.StartsWith($"--time '{text}'", e.Message, StringComparison.Ordinal);
    }
}
