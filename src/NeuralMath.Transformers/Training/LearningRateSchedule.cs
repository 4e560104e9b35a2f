namespace NeuralMath.Training;

/// <summary>The shape of the learning rate after warm-up.</summary>
public enum ScheduleShape
{
    /// <summary>Linear decay from the peak to zero at the last step (the reference's schedule).</summary>
    Linear,

    /// <summary>Half a cosine from the peak to zero at the last step.</summary>
    Cosine,

    /// <summary>peak · √(warm-up / step): the original Transformer's decay, never reaching zero.</summary>
    InverseSqrt,

    /// <summary>The peak until the end.</summary>
    Constant,
}

/// <summary>Linear warm-up from zero to the peak, then a <see cref="ScheduleShape"/>.</summary>
internal static class LearningRateSchedule
{
    /// <summary>Learning rate for optimizer step <paramref name="step"/> (0-based) of <paramref name="totalSteps"/>.</summary>
    public static double At(int step, int totalSteps, int warmupSteps, double peak, ScheduleShape shape = ScheduleShape.Linear)
    {
        if (step < warmupSteps) return peak * (step + 1) / warmupSteps;
        int decaySteps = Math.Max(1, totalSteps - warmupSteps);
        double remaining = Math.Clamp((double)(totalSteps - step) / decaySteps, 0, 1); // 1 at the end of warm-up, → 0 at the end
        return shape switch
        {
            ScheduleShape.Linear => peak * remaining,
            ScheduleShape.Cosine => peak * 0.5 * (1 + Math.Cos(Math.PI * (1 - remaining))),
            ScheduleShape.InverseSqrt => peak * Math.Sqrt(Math.Max(1, warmupSteps) / (double)Math.Max(1, step + 1)),
            ScheduleShape.Constant => peak,
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "Unknown schedule shape."),
        };
    }
}
