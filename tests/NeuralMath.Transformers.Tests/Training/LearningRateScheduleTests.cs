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
}
