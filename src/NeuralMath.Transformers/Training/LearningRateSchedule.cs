namespace NeuralMath.Training;

/// <summary>Linear warm-up to the peak, then linear decay to zero at the last step (the reference's schedule).</summary>
public static class LearningRateSchedule
{
    /// <summary>Learning rate for optimizer step <paramref name="step"/> (0-based) of <paramref name="totalSteps"/>.</summary>
    public static double At(int step, int totalSteps, int warmupSteps, double peak)
    {
        if (step < warmupSteps) return peak * (step + 1) / warmupSteps;
        int decaySteps = Math.Max(1, totalSteps - warmupSteps);
        return peak * Math.Max(0.0, (double)(totalSteps - step) / decaySteps);
    }
}
