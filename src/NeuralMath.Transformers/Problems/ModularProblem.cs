using System.Globalization;
using NeuralMath.Configuration;
using NeuralMath.Numbers;

namespace NeuralMath.Problems;

/// <summary>
/// Arithmetic modulo a prime p (<c>problem.modulus</c>, default 97), the grokking setting (Power et al. 2022): every
/// pair in [0, p)², written <c>a+b</c> or <c>a*b</c>, answered with the residue. <c>problem.max</c> is not used; the
/// train fraction is what validation and test leave (e.g. 0.05 and 0.45 train on half the table). Out-of-sample
/// pairs have an operand in [p, p + k): unreduced operands, whose answers are still residues.
/// </summary>
public abstract class ModularProblem : TwoOperandProblem
{
    /// <summary>The modulus when <c>problem.modulus</c> is not set.</summary>
    public const long DefaultModulus = 97;

    /// <summary>Reads and checks the modulus (a prime), distribution, pool size and seed.</summary>
    protected ModularProblem(ProblemOptions? options) : base(options)
    {
        Modulus = options?.Modulus ?? DefaultModulus;
        if (!Primes.IsPrime(Modulus))
            throw new ArgumentOutOfRangeException("problem.modulus", string.Create(CultureInfo.InvariantCulture, $"problem.modulus must be a prime, got {Modulus}."));
    }

    /// <summary>The prime p.</summary>
    public long Modulus { get; }

    /// <inheritdoc />
    public override string Identity => string.Create(CultureInfo.InvariantCulture, $"{Name}/{Modulus}");

    /// <inheritdoc />
    public override IReadOnlyCollection<string> Settings => ["samples", "modulus"];

    /// <inheritdoc />
    protected override long OperandHigh(long max) => Modulus - 1;

    /// <inheritdoc />
    public override string DescribeRange(long max) => string.Create(CultureInfo.InvariantCulture, $"a, b in [0, {Modulus - 1}], mod {Modulus}");
}
