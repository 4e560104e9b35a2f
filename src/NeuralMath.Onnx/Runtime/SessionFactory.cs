using Microsoft.ML.OnnxRuntime;
using NeuralMath.Diagnostics;

namespace NeuralMath.Onnx.Runtime;

/// <summary>
/// Creates the InferenceSessions of one model, all with one execution provider (<see cref="ProviderAgreement"/>).
/// CUDA is tried by creating the sessions with it (ONNX Runtime's provider list names CUDA even without a GPU, so it
/// cannot tell); on failure every session runs on the CPU with one notice, or loading fails.
/// </summary>
internal sealed class SessionFactory(OnnxModelOptions options)
{
    /// <summary>Opens one session per graph. Returns them and where they run.</summary>
    public (InferenceSession[] Sessions, ExecutionDevice Device) OpenAll(IReadOnlyList<ExportedGraph> graphs)
    {
        ArgumentNullException.ThrowIfNull(graphs);
        // ORT logs a failed provider load itself; quieted so the fallback is reported once, by us.
        var env = OrtEnv.Instance();
        var level = env.EnvLogLevel;
        if (options.GpuDeviceId is not null) env.EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
        try
        {
            var (sessions, cuda) = ProviderAgreement.Open(graphs.Count, options.GpuDeviceId, options.FallbackToCpu,
                (i, device) => Open(graphs[i], device), e => e is OnnxRuntimeException ort && IsProviderFailure(ort),
                options.Log ?? Console.Error.WriteLine);
            return (sessions, new ExecutionDevice(cuda, options.BindCachesOnCpu));
        }
        finally
        {
            env.EnvLogLevel = level;
        }
    }

    private InferenceSession Open(ExportedGraph graph, int? cudaDevice)
    {
        using var so = Options(cudaDevice);
        try
        {
            return new InferenceSession(graph.Bytes, so);
        }
        catch (OnnxRuntimeException e) when (cudaDevice is null || !IsProviderFailure(e))
        {
            throw new InvalidDataException($"'{graph.Path}' is not a model ONNX Runtime can load{ErrorText.Detail(e)}.", e);
        }
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
}
