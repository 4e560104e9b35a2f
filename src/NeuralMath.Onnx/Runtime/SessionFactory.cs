using Microsoft.ML.OnnxRuntime;
using NeuralMath.Diagnostics;

namespace NeuralMath.Onnx.Runtime;

/// <summary>
/// Creates the InferenceSessions of one model with one execution provider, decided on the first session:
/// CUDA is tried by creating a session with it (ONNX Runtime's provider list names CUDA even without a GPU, so
/// it cannot tell), and on failure either falls back to the CPU with one notice or throws.
/// </summary>
internal sealed class SessionFactory(OnnxModelOptions options)
{
    private bool? _useCuda;

    /// <summary>"CPU" or "CUDA:N", once a session exists.</summary>
    public string Provider => _useCuda == true ? $"CUDA:{options.GpuDeviceId}" : "CPU";

    /// <summary>A session over a checked graph's bytes; a graph ONNX Runtime cannot load gives an <see cref="InvalidDataException"/>.</summary>
    public InferenceSession Create(ExportedGraph graph)
    {
        try
        {
            return Create(graph.Bytes);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"'{graph.Path}' is not a model ONNX Runtime can load{ErrorText.Detail(e)}.", e);
        }
    }

    private InferenceSession Create(byte[] model)
    {
        if (options.GpuDeviceId is int device && _useCuda != false)
        {
            // ORT logs the failed provider load itself; quieted so the fallback is reported once, by us.
            var env = OrtEnv.Instance();
            var level = env.EnvLogLevel;
            env.EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
            try
            {
                using var cuda = Options(device);
                var session = new InferenceSession(model, cuda);
                _useCuda = true;
                return session;
            }
            catch (OnnxRuntimeException e) when (IsProviderFailure(e))
            {
                if (!options.FallbackToCpu)
                    throw new InvalidOperationException($"ONNX Runtime cannot use CUDA device {device} ({FirstLine(e.Message)}). It needs an NVIDIA GPU and the CUDA 13 runtime libraries. Run on the CPU (device cpu), or set FallbackToCpu (device auto).", e);
                _useCuda = false;
                (options.Log ?? Console.Error.WriteLine)($"ONNX Runtime: CUDA device {device} is not usable ({FirstLine(e.Message)}; it needs an NVIDIA GPU and the CUDA 13 runtime libraries); running on the CPU.");
            }
            finally
            {
                env.EnvLogLevel = level;
            }
        }
        _useCuda ??= false;
        using var cpu = Options(null);
        return new InferenceSession(model, cpu);
    }

    private SessionOptions Options(int? cudaDevice)
    {
        var so = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
        };
        // Idle ORT workers otherwise spin-wait after every Run(), taking the cores from whatever runs next
        // (beam search bookkeeping, TorchSharp, other requests); decoding calls Run() once per token.
        so.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        so.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        if (cudaDevice is int id)
        {
            try
            {
                so.AppendExecutionProvider_CUDA(id);
            }
            catch
            {
                so.Dispose();
                throw;
            }
        }
        return so;
    }

    // A model that ORT cannot read fails with the same exception type; only provider failures may fall back.
    private static bool IsProviderFailure(OnnxRuntimeException e) =>
        e.Message.Contains("CUDA", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("provider", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("shared library", StringComparison.OrdinalIgnoreCase);

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
