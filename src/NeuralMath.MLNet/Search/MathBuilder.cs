using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using NeuralMath.Artifacts;
using NeuralMath.Decoding;
using NeuralMath.Training;

namespace NeuralMath.Search;

/// <summary>Runs the core build for the catalog and wraps the winner as a <see cref="MathSeq2SeqTransformer"/>.</summary>
internal static class MathBuilder
{
    public static MathBuildResult Build(IHostEnvironment env, BuildOptions options, IBuildObserver? observer, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(options);
        var host = env.Register("NeuralMathBuild");
        bool temporary = string.IsNullOrWhiteSpace(options.OutputDirectory);
        string directory = temporary ? Path.Combine(Path.GetTempPath(), "neuralmath-build-" + Guid.NewGuid().ToString("N")) : options.OutputDirectory!;
        var effective = new BuildOptions
        {
            Problem = options.Problem,
            Budget = options.Budget,
            Metric = options.Metric,
            Space = options.Space,
            Seed = options.Seed,
            OutputDirectory = directory,
            Resume = options.Resume && !temporary,
            Threads = options.Threads,
            Device = options.Device,
        };
        using var channel = host.Start("Build");
        try
        {
            var build = new ModelBuilder(effective, observer: new ChannelBuildObserver(channel, observer)).Run(cancellation);
            // The winner reads problem inputs as text (the transformer's input-column mode), so a consumer of the saved
            // zip feeds `Input` strings and needs no tokenizing step: the model file carries problem and tokenizer.
            var settings = new MathSeq2SeqTransformer.Settings
            {
                TokensColumnName = null,
                InputColumnName = NeuralMathColumnNames.Input,
                Search = new BeamSearchOptions { Beams = MathSeq2SeqTrainer.Defaults.Beams },
            };
            var model = new MathSeq2SeqTransformer(host, settings, ModelArtifact.Load(build.ModelPath, options.Device));
            var schema = new DataViewSchema.Builder();
            schema.AddColumn(NeuralMathColumnNames.Input, TextDataViewType.Instance);
            return new MathBuildResult(build, model, schema.ToSchema());
        }
        finally
        {
            if (temporary && Directory.Exists(directory))
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (IOException)
                {
                    channel.Warning(MessageSensitivity.None, $"Could not delete the temporary build folder '{directory}'.");
                }
            }
        }
    }
}
