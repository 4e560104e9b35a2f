namespace NeuralMath.Training;

/// <summary>
/// Where a <see cref="MathSeq2SeqTransformer"/> loaded from a model zip decodes. It is chosen when the zip is loaded,
/// never by the saved model: the environment variable <see cref="EnvironmentVariable"/> (<c>auto</c>, <c>cpu</c>,
/// <c>cuda</c> or <c>cuda:N</c>) when it is set, else <c>auto</c> (the GPU when one is usable, else the CPU). A loaded
/// transformer can also be moved with <see cref="MathSeq2SeqTransformer.OnDevice(string)"/>.
/// </summary>
public static class InferenceDevice
{
    /// <summary>The environment variable read at load: <c>NEURALMATH_DEVICE</c>.</summary>
    public const string EnvironmentVariable = "NEURALMATH_DEVICE";

    /// <summary>The device name a zip loads onto in this process.</summary>
    public static string ForLoading => ForLoadingFrom(Environment.GetEnvironmentVariable);

    internal static string ForLoadingFrom(Func<string, string?> environment) =>
        environment(EnvironmentVariable) is { } name && !string.IsNullOrWhiteSpace(name) ? name.Trim() : "auto";
}
