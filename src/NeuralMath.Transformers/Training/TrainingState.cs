using System.Text.Json;

namespace NeuralMath.Training;

/// <summary>
/// Everything about a run's progress that a checkpoint must carry so that a resumed run continues exactly:
/// the step, the best validation result so far, the clocks and counters, and the running training-loss average
/// of the current evaluation interval (without it, the first log line after a resume would average fewer steps).
/// </summary>
internal sealed class TrainingState
{
    public int Step { get; set; }
    public int BestStep { get; set; } = -1;
    public double BestTop1 { get; set; } = -1.0;
    public double BestLoss { get; set; } = double.MaxValue;
    public double TrainingSeconds { get; set; }
    public double EvaluationSeconds { get; set; }
    public long ExamplesSeen { get; set; }
    public long TokensSeen { get; set; }
    public double LossSinceEval { get; set; }
    public int StepsSinceEval { get; set; }

    /// <summary>Counts one optimizer step.</summary>
    public void Record(double loss, long examples, long tokens)
    {
        LossSinceEval += loss;
        StepsSinceEval++;
        ExamplesSeen += examples;
        TokensSeen += tokens;
    }

    /// <summary>The mean training loss since the previous evaluation; starts the next interval.</summary>
    public double TakeIntervalLoss()
    {
        double mean = LossSinceEval / Math.Max(1, StepsSinceEval);
        LossSinceEval = 0;
        StepsSinceEval = 0;
        return mean;
    }

    /// <summary>Whether a validation result beats the best so far (top-1, then loss); if so, it becomes the best.</summary>
    public bool IsBest(double top1, double loss, int step)
    {
        if (top1 < BestTop1 || (top1 == BestTop1 && loss >= BestLoss)) return false;
        (BestTop1, BestLoss, BestStep) = (top1, loss, step);
        return true;
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>Reads a state; fields that older checkpoints lack keep their defaults.</summary>
    public static TrainingState FromJsonBytes(byte[] bytes) =>
        JsonSerializer.Deserialize<TrainingState>(bytes, Json) ?? throw new InvalidDataException("The checkpoint's training state is empty.");
}
