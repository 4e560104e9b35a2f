namespace NeuralMath.Decoding;

/// <summary>How to search for the most likely outputs.</summary>
public sealed record BeamSearchOptions
{
    /// <summary>
    /// Hypotheses kept per input. 1 follows the greedy path, but returns an <c>[EOS]</c> completion ranked second at
    /// some step when that one is more probable than where the greedy path ends.
    /// </summary>
    public int Beams { get; init; } = 1;

    /// <summary>
    /// Length penalty α: hypotheses are ranked by log p / length^α. 0 ranks by log-probability alone;
    /// α &gt; 0 favours longer outputs.
    /// </summary>
    public double LengthPenalty { get; init; }

    /// <summary>Softmax temperature applied to the logits (1 = the model's own distribution).</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Most tokens to generate, <c>[EOS]</c> included; null means as many as the model's positions allow.</summary>
    public int? MaxLength { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for invalid settings.</summary>
    public void Validate()
    {
        if (Beams < 1) throw new ArgumentOutOfRangeException(nameof(Beams), "beams must be at least 1.");
        if (!(Temperature > 0) || double.IsInfinity(Temperature)) throw new ArgumentOutOfRangeException(nameof(Temperature), "temperature must be a positive number.");
        if (double.IsNaN(LengthPenalty) || double.IsInfinity(LengthPenalty)) throw new ArgumentOutOfRangeException(nameof(LengthPenalty), "length penalty must be a finite number.");
        if (MaxLength is < 1) throw new ArgumentOutOfRangeException(nameof(MaxLength), "max length must be at least 1.");
    }
}

/// <summary>One decoded output.</summary>
/// <param name="Tokens">Generated tokens after <c>[SOS]</c>, ending with <c>[EOS]</c> when finished.</param>
/// <param name="LogProbability">Total log-probability of the tokens (at the search temperature).</param>
/// <param name="Score">The ranking score: log-probability divided by length^α.</param>
/// <param name="Finished">
/// True when the hypothesis ended with <c>[EOS]</c> within the length limit. Unfinished ones are listed after every
/// finished one, so log-probabilities along a list of beams descend only within each group.
/// </param>
public sealed record Hypothesis(int[] Tokens, double LogProbability, double Score, bool Finished);
