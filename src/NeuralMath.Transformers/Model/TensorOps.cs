using TorchSharp;
using static TorchSharp.torch;

namespace NeuralMath.Model;

/// <summary>
/// Tensor arithmetic that TorchSharp's operators would route through a temporary <see cref="Scalar"/>: <c>a + b</c>
/// passes an implicit <c>alpha = 1</c> (<c>a - b</c> does not), <c>a.eq(3)</c> an implicit 3, and nothing keeps that object alive while the
/// native call runs, so the garbage collector may finalize (free) it mid-call. Seen here as a rare crash in decoding
/// ("Expected false to be true" from c10's Scalar::toFloat inside add). These helpers pass Scalars that stay rooted.
/// </summary>
internal static class TensorOps
{
    private static readonly Scalar One = 1.ToScalar();

    /// <summary><c>a + b</c>.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary><c>a + b</c> for a scalar <paramref name="b"/> the caller holds.</summary>
    public static Tensor Plus(this Tensor a, Scalar b) => a.add(b, One);

    /// <summary><c>a == value</c>, element-wise.</summary>
    public static Tensor EqualTo(this Tensor a, long value)
    {
        using var scalar = value.ToScalar(); // held until the call returns
        return a.eq(scalar);
    }
}
