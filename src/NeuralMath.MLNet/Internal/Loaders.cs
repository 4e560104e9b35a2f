using Microsoft.ML;
using Microsoft.ML.Runtime;
using NeuralMath.Tokenization;
using NeuralMath.Training;

namespace NeuralMath.Internal;

// ML.NET finds these through [LoadableClass] (AssemblyAttributes.cs): a static Create(IHostEnvironment, ModelLoadContext)
// whose return type is exactly the transformer type. One class each, because C# cannot overload on return type.

/// <summary>Loads a <see cref="MathSeq2SeqTransformer"/> from a model zip.</summary>
internal static class MathSeq2SeqTransformerLoader
{
    internal static MathSeq2SeqTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        MLNetVersion.EnsureSupported();
        var (payload, entries, _) = ModelStorage.Load(ctx, MathSeq2SeqTransformer.Format);
        return MathSeq2SeqTransformer.FromSaved(env, payload, entries);
    }
}

/// <summary>Loads a <see cref="MathTokenizingTransformer"/> from a model zip.</summary>
internal static class MathTokenizingTransformerLoader
{
    internal static MathTokenizingTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        MLNetVersion.EnsureSupported();
        var (payload, _, version) = ModelStorage.Load(ctx, MathTokenizingTransformer.Format);
        return MathTokenizingTransformer.FromSaved(env, payload, version);
    }
}
