using NeuralMath.Configuration;

namespace NeuralMath.Problems;

/// <summary>Addition modulo a prime p: (a, b) → (a + b) mod p, written <c>a+b</c> (see <see cref="ModularProblem"/>).</summary>
/// <param name="options">Modulus, distribution, pool size and seed (null: defaults).</param>
public sealed class ModularAdditionProblem(ProblemOptions? options = null) : ModularProblem(options)
{
    /// <summary>The registry name.</summary>
    public const string ProblemName = "modadd";

    /// <inheritdoc />
    public override string Name => ProblemName;

    /// <inheritdoc />
    protected override string Operator => "+";

    /// <inheritdoc />
    protected override string Noun => "a modular addition";

    /// <inheritdoc />
    protected override long Apply(long a, long b) => (long)(((UInt128)(ulong)a + (ulong)b) % (ulong)Modulus);
}
