// The registrations ML.NET's Model.Load needs to find our transformers again: it reads the loader assembly
// name from the zip, loads it, and scans it for [LoadableClass]. Both attributes are internal to ML.NET.
using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using NeuralMath.Internal;
using NeuralMath.Tokenization;
using NeuralMath.Training;

[assembly: IgnoresAccessChecksTo("Microsoft.ML.Core")]
[assembly: LoadableClass(typeof(MathSeq2SeqTransformer), typeof(MathSeq2SeqTransformerLoader), null, typeof(SignatureLoadModel),
    "NeuralMath seq2seq solver", MathSeq2SeqTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(MathTokenizingTransformer), typeof(MathTokenizingTransformerLoader), null, typeof(SignatureLoadModel),
    "NeuralMath base-N tokenizer", MathTokenizingTransformer.LoaderSignature)]
