using NeuralMath.Onnx.Runtime;

namespace NeuralMath.Onnx.Tests;

/// <summary>All sessions of a model run on one provider: if any cannot get CUDA, every one runs on the CPU.</summary>
public sealed class ProviderAgreementTests
{
    [Fact]
    public void WhenEveryGraphGetsCuda_AllRunOnIt()
    {
        var opened = new List<FakeSession>();
        var (sessions, device) = ProviderAgreement.Open(3, 1, fallbackToCpu: true, Opener(opened, failOnCuda: -1), IsFake, Unexpected);
        Assert.Equal(1, device);
        Assert.All(sessions, s => Assert.Equal(1, s.Device));
        Assert.DoesNotContain(opened, s => s.Disposed);
    }

    [Fact]
    public void WhenTheLastGraphCannotGetCuda_AllRunOnTheCpu_WithOneNotice()
    {
        var opened = new List<FakeSession>();
        var notices = new List<string>();
        var (sessions, device) = ProviderAgreement.Open(3, 0, fallbackToCpu: true, Opener(opened, failOnCuda: 2), IsFake, notices.Add);

        Assert.Null(device);
        Assert.All(sessions, s => Assert.Null(s.Device));
        Assert.All(opened.Where(s => s.Device is not null), s => Assert.True(s.Disposed));  // the two CUDA sessions are closed
        Assert.Equal(2, opened.Count(s => s.Device is not null));
        var notice = Assert.Single(notices);
        Assert.Contains("CUDA device 0 is not usable (no CUDA for graph 2", notice, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutFallback_AProviderFailureIsAnError_AndNothingStaysOpen()
    {
        var opened = new List<FakeSession>();
        var e = Assert.Throws<InvalidOperationException>(() => ProviderAgreement.Open(3, 0, fallbackToCpu: false, Opener(opened, failOnCuda: 1), IsFake, Unexpected));
        Assert.Contains("cannot use CUDA device 0", e.Message, StringComparison.Ordinal);
        Assert.All(opened, s => Assert.True(s.Disposed));
    }

    [Fact]
    public void OtherFailures_AreNotTakenForAMissingGpu()
    {
        var opened = new List<FakeSession>();
        Func<int, int?, FakeSession> open = (i, device) => i == 1 ? throw new InvalidDataException("damaged graph") : Add(opened, new FakeSession(device));
        Assert.Throws<InvalidDataException>(() => ProviderAgreement.Open(3, 0, fallbackToCpu: true, open, IsFake, Unexpected));
        Assert.All(opened, s => Assert.True(s.Disposed));
    }

    [Fact]
    public void OnTheCpu_CudaIsNeverTried()
    {
        var opened = new List<FakeSession>();
        var (sessions, device) = ProviderAgreement.Open(3, null, fallbackToCpu: false, Opener(opened, failOnCuda: 0), IsFake, Unexpected);
        Assert.Null(device);
        Assert.Equal(3, sessions.Length);
        Assert.All(opened, s => Assert.Null(s.Device));
    }

    private static Func<int, int?, FakeSession> Opener(List<FakeSession> opened, int failOnCuda) =>
        (i, device) => device is not null && i == failOnCuda ? throw new FakeProviderFailure($"no CUDA for graph {i}\nsecond line") : Add(opened, new FakeSession(device));

    private static FakeSession Add(List<FakeSession> opened, FakeSession session)
    {
        opened.Add(session);
        return session;
    }

    private static bool IsFake(Exception e) => e is FakeProviderFailure;

    private static void Unexpected(string notice) => Assert.Fail($"unexpected notice: {notice}");

    private sealed class FakeSession(int? device) : IDisposable
    {
        public int? Device { get; } = device;

        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    private sealed class FakeProviderFailure(string message) : Exception(message);
}
