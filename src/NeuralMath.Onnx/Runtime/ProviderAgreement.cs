namespace NeuralMath.Onnx.Runtime;

/// <summary>
/// Opens the sessions of one model so that all of them run on the same provider: each on CUDA device N, or, when any
/// of them cannot get CUDA, every one on the CPU (those already opened on CUDA are disposed). A model whose graphs
/// ran on different devices would copy its caches between them and report the wrong provider.
/// </summary>
internal static class ProviderAgreement
{
    /// <summary>
    /// <paramref name="open"/>(index, CUDA device or null for the CPU) opens one session. Returns the sessions and the
    /// CUDA device they share, or null when they all run on the CPU.
    /// </summary>
    public static (T[] Sessions, int? CudaDevice) Open<T>(int count, int? cudaDevice, bool fallbackToCpu, Func<int, int?, T> open,
        Func<Exception, bool> isProviderFailure, Action<string> notice) where T : IDisposable
    {
        if (cudaDevice is int device)
        {
            try
            {
                return (OpenEach(count, i => open(i, device)), device);
            }
            catch (Exception e) when (isProviderFailure(e))
            {
                string reason = FirstLine(e.Message);
                if (!fallbackToCpu)
                    throw new InvalidOperationException($"ONNX Runtime cannot use CUDA device {device} ({reason}). It needs an NVIDIA GPU and the CUDA 13 runtime libraries. Run on the CPU (device cpu), or set FallbackToCpu (device auto).", e);
                notice($"ONNX Runtime: CUDA device {device} is not usable ({reason}; it needs an NVIDIA GPU and the CUDA 13 runtime libraries); running on the CPU.");
            }
        }
        return (OpenEach(count, i => open(i, null)), null);
    }

    private static T[] OpenEach<T>(int count, Func<int, T> open) where T : IDisposable
    {
        var opened = new List<T>(count);
        try
        {
            for (int i = 0; i < count; i++) opened.Add(open(i));
            return [.. opened];
        }
        catch
        {
            foreach (var session in opened) session.Dispose();
            throw;
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
