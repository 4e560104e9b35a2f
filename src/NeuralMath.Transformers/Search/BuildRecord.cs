using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using NeuralMath.Evaluation;
using NeuralMath.IO;

namespace NeuralMath.Search;

/// <summary>
/// A build's <c>build.json</c>, like Model Builder's <c>.mbconfig</c>: the space, budget, seed and metric, every trial with its
/// config, curve and result, and the winner with its test and out-of-sample results. Written after every decision and
/// every validation, so <c>--resume</c> continues from it.
/// </summary>
public sealed class BuildRecord
{
    /// <summary>The file name in a build folder.</summary>
    public const string FileName = "build.json";

    private const string FormatName = "neuralmath-build";

    /// <summary>JSON settings of build.json: camelCase, enums as camelCase strings, indented, '+' unescaped.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Always <c>neuralmath-build</c>.</summary>
    public string Format { get; set; } = FormatName;

    /// <summary>The file format's version.</summary>
    public int Version { get; set; } = 1;

    /// <summary>The ranking metric.</summary>
    public SearchMetric Metric { get; set; }

    /// <summary>Seed of the trial settings and of every trial's training.</summary>
    public long Seed { get; set; }

    /// <summary>Wall-clock seconds the search may take (the final evaluation comes after).</summary>
    public double BudgetSeconds { get; set; }

    /// <summary>Seconds of the budget used so far, over every session of the build.</summary>
    public double SpentSeconds { get; set; }

    /// <summary>Trials of the first rung, once decided.</summary>
    public int? PlannedTrials { get; set; }

    /// <summary>searching, stopped (cancelled; resumable), evaluating or done.</summary>
    public string State { get; set; } = "searching";

    /// <summary>The resolved search space (start, dimensions, schedule), in the format of a <c>--space</c> file.</summary>
    public JsonObject Space { get; set; } = [];

    /// <summary>Every trial, in number order.</summary>
    public List<TrialRecord> Trials { get; set; } = [];

    /// <summary>The winner's trial number, once the search is over.</summary>
    public int? Winner { get; set; }

    /// <summary>The winner's held-out test results.</summary>
    public EvaluationReport? Test { get; set; }

    /// <summary>The winner's out-of-sample results.</summary>
    public EvaluationReport? OutOfSample { get; set; }

    /// <summary>Seconds the final evaluation took.</summary>
    public double? EvaluationSeconds { get; set; }

    /// <summary>Reads a build folder's build.json; throws <see cref="InvalidDataException"/> naming the file when it is not one.</summary>
    public static BuildRecord Load(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"--resume: nothing to resume: '{path}' does not exist.", path);
        BuildRecord? record;
        try
        {
            record = JsonSerializer.Deserialize<BuildRecord>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a readable build record ({e.Message.Split(". ")[0]}).", e);
        }
        if (record is null || record.Format != FormatName) throw new InvalidDataException($"'{path}' is not a NeuralMath build record.");
        if (record.Version > 1) throw new InvalidDataException($"'{path}' was written by a newer NeuralMath (build format {record.Version}); upgrade to resume it.");
        return record;
    }

    /// <summary>Writes build.json atomically.</summary>
    public void Save(string directory) => AtomicFile.Default.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, Json));
}
