using NeuralMath.Problems;
using NeuralMath.Tokenization;

namespace NeuralMath.Configuration;

/// <summary>Builds the runtime objects a config describes.</summary>
public static class RunConfigExtensions
{
    /// <summary>The configured problem, with its options (distribution, pool size, modulus, seed).</summary>
    public static MathProblem CreateProblem(this RunConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return ProblemRegistry.Create(config.Problem);
    }

    /// <summary>The tokenizer for the configured base, digit order and the problem's operators and task tokens.</summary>
    public static MathTokenizer CreateTokenizer(this RunConfig config, MathProblem problem)
    {
        ArgumentNullException.ThrowIfNull(config);
        return MathTokenizer.For(problem, config.Tokenizer.Base, config.Tokenizer.DigitOrder);
    }
}
