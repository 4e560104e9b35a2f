namespace NeuralMath;

/// <summary>Default column names (ML.NET's DefaultColumnNames is internal, so the strings live here once).</summary>
public static class NeuralMathColumnNames
{
    /// <summary>A problem input as text, e.g. <c>91</c> or <c>45+202</c> (or an Int64 for one-number problems).</summary>
    public const string Input = "Input";

    /// <summary>The exact answer as text, e.g. <c>7 * 13</c>.</summary>
    public const string Label = "Label";

    /// <summary>The split a generated input belongs to: <c>train</c>, <c>validation</c>, <c>test</c> or <c>oos</c>.</summary>
    public const string Split = "Split";

    /// <summary>Token ids of an input.</summary>
    public const string Tokens = "Tokens";

    /// <summary>An input read back from its token ids (Detokenize's output; it never overwrites <see cref="Input"/>).</summary>
    public const string DetokenizedInput = "DetokenizedInput";

    /// <summary>The top beam's answer as text (empty when malformed).</summary>
    public const string PredictedLabel = "PredictedLabel";

    /// <summary>The n-best answers as text, best first.</summary>
    public const string Beams = "Beams";

    /// <summary>The n-best ranking scores (log-probability / length^α), best first.</summary>
    public const string Score = "Score";

    /// <summary>The first beam that passes the problem's exact check (empty when none does).</summary>
    public const string VerifiedAnswer = "VerifiedAnswer";
}
