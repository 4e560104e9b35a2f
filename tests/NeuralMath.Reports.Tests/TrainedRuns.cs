using NeuralMath.Artifacts;
using NeuralMath.Configuration;
using NeuralMath.Reports;
using NeuralMath.Training;

[assembly: AssemblyFixture(typeof(NeuralMath.Reports.Tests.TrainedRuns))]

namespace NeuralMath.Reports.Tests;

/// <summary>Tiny addition, factorization, gcd and multitask runs, trained once in-process, each with its report written.</summary>
public sealed class TrainedRuns : IDisposable
{
    private const string Model = """
        "model": { "modelDim": 32, "heads": 2, "encoderLayers": 2, "decoderLayers": 1, "feedForwardDim": 64, "dropout": 0, "norm": "pre", "maxPositions": 20 },
        "training": { "steps": 80, "batchSize": 64, "learningRate": 0.003, "warmupSteps": 10, "evalEvery": 20, "checkpointEvery": 40, "validationSamples": 100, "seed": 5, "threads": 1 },
        "evaluation": { "beams": 3 }
        """;

    public TrainedRuns()
    {
        Root = Directory.CreateTempSubdirectory("nm-report-").FullName;
        AdditionModel = Train("addition", """{ "name": "addition", "max": 20, "outOfSample": 5 }""");
        FactorizationModel = Train("factorization", """{ "name": "factorization", "max": 300, "outOfSample": 40 }""");
        GcdModel = Train("gcd", """{ "name": "gcd", "max": 30, "outOfSample": 4 }""");
        Addition = WriteReport(AdditionModel, "addition-report", new ReportOptions { Input = "12+9" });
        Factorization = WriteReport(FactorizationModel, "factorization-report", new ReportOptions());
        Gcd = WriteReport(GcdModel, "gcd-report", new ReportOptions());
        MultitaskModel = Train("multitask", """
            { "name": "multitask", "tasks": [ { "name": "addition", "max": 20, "outOfSample": 5 }, { "name": "factorization", "max": 100, "outOfSample": 10 } ] }
            """);
        Multitask = WriteReport(MultitaskModel, "multitask-report", new ReportOptions());
    }

    public string MultitaskModel { get; }

    /// <summary>A multitask model of addition and factorization: one section of figures per task.</summary>
    public WrittenReport Multitask { get; }

    public string Root { get; }

    public string AdditionModel { get; }

    public string FactorizationModel { get; }

    public WrittenReport Addition { get; }

    public WrittenReport Factorization { get; }

    public string GcdModel { get; }

    public WrittenReport Gcd { get; }

    private string Train(string name, string problem)
    {
        string run = Path.Combine(Root, name);
        var config = RunConfig.Parse($$"""{ "problem": {{problem}}, "tokenizer": { "base": 10 }, {{Model}} }""", []);
        new Trainer(config, run).Run();
        return Path.Combine(run, "model.nmm");
    }

    private WrittenReport WriteReport(string model, string folder, ReportOptions options)
    {
        using var artifact = ModelArtifact.Load(model, "cpu");
        return new ReportWriter(artifact, options).Write(Path.Combine(Root, folder), Path.GetFileName(Path.GetDirectoryName(model))!, Path.Combine(Path.GetDirectoryName(model)!, "metrics.jsonl"));
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
