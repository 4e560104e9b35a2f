namespace NeuralMath.Onnx.Export;

/// <summary>File, input and output names of an export: the contract with every consumer (see docs/onnx.md).</summary>
internal static class OnnxNames
{
    public const string EncoderFile = "encoder.onnx", DecoderStepFile = "decoder_step.onnx", GreedyFile = "greedy.onnx", ManifestFile = "manifest.json";

    public const string InputIds = "input_ids", OutputIds = "output_ids";
    public const string Memory = "memory", MemoryMask = "memory_mask";
    public const string Tokens = "tokens", Position = "position", PastRows = "past_rows", Logits = "logits";

    /// <summary>Per-number positions only: each row's count of digits ending its decoded prefix, in and out of a step.</summary>
    public const string PastDigitRun = "past_digit_run", DigitRun = "digit_run";

    /// <summary>Cross-attention window only: the source's per-number position ids, out of the encoder and into every step.</summary>
    public const string SourcePositions = "source_positions";

    public static string CrossKey(int layer) => $"cross_key_{layer}";

    public static string CrossValue(int layer) => $"cross_value_{layer}";

    public static string PastKey(int layer) => $"past_key_{layer}";

    public static string PastValue(int layer) => $"past_value_{layer}";

    public static string PresentKey(int layer) => $"present_key_{layer}";

    public static string PresentValue(int layer) => $"present_value_{layer}";
}
