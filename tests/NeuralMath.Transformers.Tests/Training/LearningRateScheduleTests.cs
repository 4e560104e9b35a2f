using NeuralMath.Training;

namespace NeuralMath.Tests.Training;

public class LearningRateScheduleTests
{
    [Fact]
    public void WarmsUpLinearly_PeaksAfterWarmup_AndDecaysToZeroAtTheEnd()
    {
        const int total = 1000, warmup = 100;
        const double peak = 1e-3;
        Assert.Equal(peak / warmup, LearningRateSchedule.At(0, total, warmup, peak), 12);
        Assert.Equal(peak, LearningRateSchedule.At(warmup - 1, total, warmup, peak), 12);
        Assert.Equal(peak, LearningRateSchedule.At(warmup, total, warmup, peak), 12);
        Assert.Equal(peak / 2, LearningRateSchedule.At(550, total, warmup, peak), 12);
        Assert.True(LearningRateSchedule.At(total - 1, total, warmup, peak) < peak / 100);
        for (int s = warmup; s < total - 1; s++)
            Assert.True(LearningRateSchedule.At(s + 1, total, warmup, peak) <= LearningRateSchedule.At(s, total, warmup, peak));
    }

    [Fact]
    public void NoWarmup_StartsAtThePeak() =>
        Assert.Equal(2e-3, LearningRateSchedule.At(0, 10, 0, 2e-3), 12);

    [Fact]
    public void Cosine_IsHalfwayAtTheMiddleOfTheDecay_AndZeroAtTheEnd()
    {
        const int total = 1100, warmup = 100;
        Assert.Equal(1e-3, LearningRateSchedule.At(warmup, total, warmup, 1e-3, ScheduleShape.Cosine), 12);
        Assert.Equal(0.5e-3, LearningRateSchedule.At(600, total, warmup, 1e-3, ScheduleShape.Cosine), 12);
        Assert.Equal(0.0, LearningRateSchedule.At(total, total, warmup, 1e-3, ScheduleShape.Cosine), 12);
        // Above the linear schedule in the first half of the decay, below it in the second.
        Assert.True(LearningRateSchedule.At(300, total, warmup, 1e-3, ScheduleShape.Cosine) > LearningRateSchedule.At(300, total, warmup, 1e-3));
        Assert.True(LearningRateSchedule.At(900, total, warmup, 1e-3, ScheduleShape.Cosine) < LearningRateSchedule.At(900, total, warmup, 1e-3));
    }

    [Fact]
    public void InverseSqrt_QuartersAtFourTimesTheSquareOfTheDistance_AndConstantStays()
    {
        // peak · √(warmup / (step + 1)): at step + 1 = 4 · warmup the rate is half the peak.
        Assert.Equal(0.5e-3, LearningRateSchedule.At(399, 1000, 100, 1e-3, ScheduleShape.InverseSqrt), 12);
        Assert.Equal(1e-3, LearningRateSchedule.At(999, 1000, 100, 1e-3, ScheduleShape.Constant), 12);
        // Warm-up is the same for every shape.
        foreach (var shape in Enum.GetValues<ScheduleShape>())
            Assert.Equal(1e-3 * 50 / 100, LearningRateSchedule.At(49, 1000, 100, 1e-3, shape), 12);
    }
}
