using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using NeuralMath.Model;
using NeuralMath.Tokenization;
using NeuralMath.Training;

namespace NeuralMath.Configuration;

/// <summary>Which problem, over which range, split how.</summary>
public sealed class ProblemOptions
{
    /// <summary>Problem name (see <see cref="Problems.ProblemRegistry"/>).</summary>
    public string Name { get; set; } = "addition";

    /// <summary>
    /// Size of the in-range inputs: factorization uses n in [2, max); two-operand problems use pairs in [0, max]²
    /// (gcd: [1, max]²); modular problems ignore it (their operands are residues mod <see cref="Modulus"/>).
    /// </summary>
    public long Max { get; set; } = 256;

    /// <summary>How far past the range the out-of-sample inputs go (factorization: [max, max + k); addition: operands up to max + k).</summary>
    public long OutOfSample { get; set; } = 44;

    /// <summary>
    /// How training operands are drawn: uniform (default), logUniform, or balanced (gcd: every gcd bucket equally often).
    /// Validation and test stay uniform. Which a problem takes: <see cref="Problems.MathProblem.Distributions"/>.
    /// </summary>
    public Problems.OperandDistribution Distribution { get; set; }

    /// <summary>
    /// Two-operand problems: how many inputs a sampled pool holds (default 1,000,000). In-range inputs are a seeded sample
    /// of this many when there are more pairs than this (out-of-sample ones: testFraction × this many); a non-uniform
    /// distribution always draws this many training inputs.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Samples { get; set; }

    /// <summary>Modular problems (modadd, modmul): the prime p (default 97).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Modulus { get; set; }

    /// <summary>Fraction of in-range inputs held out for validation (model selection).</summary>
    public double ValidationFraction { get; set; } = 0.05;

    /// <summary>Fraction of in-range inputs held out for the final test.</summary>
    public double TestFraction { get; set; } = 0.05;

    /// <summary>Seed of the train/validation/test split.</summary>
    public ulong SplitSeed { get; set; } = 42;

    /// <summary>
    /// A multitask problem (<c>name</c> <c>multitask</c>): the problems one model learns, each a whole problem section
    /// of its own (name, max, splits, distribution, ...) plus its <see cref="Weight"/>. Null for every other problem.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<ProblemOptions>? Tasks { get; set; }

    /// <summary>
    /// A task of a multitask problem: its share of every training epoch, relative to the other tasks' weights
    /// (default 1). Only tasks have a weight.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Weight { get; set; }
}

/// <summary>How numbers become tokens.</summary>
public sealed class TokenizerOptions
{
    /// <summary>Number base, 2 to 4096.</summary>
    public int Base { get; set; } = 10;

    /// <summary>Digit order.</summary>
    public DigitOrder DigitOrder { get; set; } = DigitOrder.MostSignificantFirst;
}

/// <summary>How to optimise.</summary>
public sealed class TrainingOptions
{
    /// <summary>Optimizer steps.</summary>
    public int Steps { get; set; } = 2000;

    /// <summary>Examples per micro-batch.</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>Micro-batches per optimizer step (gradient accumulation).</summary>
    public int Accumulation { get; set; } = 1;

    /// <summary>Peak learning rate (AdamW).</summary>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>Steps of linear warm-up from 0 to the peak.</summary>
    public int WarmupSteps { get; set; } = 200;

    /// <summary>What the learning rate does after warm-up: linear (to 0 at the last step), cosine, inverseSqrt or constant.</summary>
    public ScheduleShape Schedule { get; set; } = ScheduleShape.Linear;

    /// <summary>AdamW's first-moment decay.</summary>
    public double Beta1 { get; set; } = 0.9;

    /// <summary>AdamW's second-moment decay.</summary>
    public double Beta2 { get; set; } = 0.999;

    /// <summary>Label smoothing of the training loss, in [0, 1) (validation loss is always unsmoothed).</summary>
    public double LabelSmoothing { get; set; }

    /// <summary>
    /// Extra copies per epoch of the training inputs in a metric group, keyed <c>group:bucket</c> (see
    /// <see cref="Problems.MathProblem.MetricGroups"/>), e.g. <c>{"smallestFactor:11-29": 3}</c> puts every such input
    /// in each epoch three times. An input in several listed buckets takes the largest count. Empty: every input once.
    /// </summary>
    public Dictionary<string, int> Oversample { get; set; } = [];

    /// <summary>
    /// Two-set training: the size of a repeated subset of the training inputs (fixed by the seed) that fills
    /// <see cref="RepeatedFraction"/> of every batch (Charton and Kempe 2024). 0: off, every batch from the epoch stream.
    /// </summary>
    public int RepeatedSubset { get; set; }

    /// <summary>Share of every batch drawn from the repeated subset, in (0, 1), when <see cref="RepeatedSubset"/> is set.</summary>
    public double RepeatedFraction { get; set; } = 0.25;

    /// <summary>Which inputs form the repeated subset: a seeded random choice (default) or the first in the problem's order.</summary>
    public Data.RepeatedChoice RepeatedChoice { get; set; }

    /// <summary>
    /// Metric buckets (<c>group:bucket</c>, as in <see cref="Oversample"/>) the repeated subset is chosen from, e.g. the
    /// factorization composites whose smallest factor the base does not show. Empty: any training input.
    /// </summary>
    public List<string> RepeatedFrom { get; set; } = [];

    /// <summary>AdamW weight decay, applied to weight matrices only (not norms, biases or embeddings) unless <see cref="DecayAllParameters"/>.</summary>
    public double WeightDecay { get; set; } = 0.1;

    /// <summary>
    /// Apply <see cref="WeightDecay"/> to every parameter, norms, biases, embeddings and position tables included, as the
    /// reference's code did (docs/reference.md). Off by default: decaying a norm's gain pulls it towards zero, not towards
    /// its identity value.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool DecayAllParameters { get; set; }

    /// <summary>Gradient-norm clipping threshold (0 disables clipping).</summary>
    public double ClipNorm { get; set; } = 1.0;

    /// <summary>
    /// The number format of forward and backward passes: float32, or bfloat16 with float32 weights and optimizer state
    /// (mixed precision; faster where the hardware multiplies bfloat16 natively, see docs/benchmarks.md).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public TrainingPrecision Precision { get; set; }

    /// <summary>Steps between validation evaluations (and metrics-log lines).</summary>
    public int EvalEvery { get; set; } = 250;

    /// <summary>Steps between checkpoints.</summary>
    public int CheckpointEvery { get; set; } = 250;

    /// <summary>Validation inputs decoded at each evaluation (an evenly spaced subset; 0 = all).</summary>
    public int ValidationSamples { get; set; } = 2000;

    /// <summary>Beams for validation decoding; above 1 the metrics log also records any-of-k (model selection stays on top-1).</summary>
    public int ValidationBeams { get; set; } = 1;

    /// <summary>
    /// Training inputs (evenly spaced) also decoded at each evaluation, logged as <c>trainTop1</c>: with validation
    /// top-1 it shows memorisation against generalisation (grokking). 0: none.
    /// </summary>
    public int TrainSamples { get; set; }

    /// <summary>Seed of initialisation, data order and dropout.</summary>
    public long Seed { get; set; } = 1;

    /// <summary>auto, cpu, cuda or cuda:N.</summary>
    public string Device { get; set; } = "auto";

    /// <summary>Torch intra-op threads (0 = torch's default, all cores).</summary>
    public int Threads { get; set; }

    /// <summary>A loss above this (or NaN) stops the run as diverged.</summary>
    public double MaxLoss { get; set; } = 1e3;
}

/// <summary>How the final model is evaluated.</summary>
public sealed class EvaluationOptions
{
    /// <summary>Beams for the final evaluation.</summary>
    public int Beams { get; set; } = 1;

    /// <summary>Inputs decoded together.</summary>
    public int BatchSize { get; set; } = 512;
}

/// <summary>Everything a training run needs; read from JSON, unknown keys rejected.</summary>
public sealed class RunConfig
{
    /// <summary>The problem and its data.</summary>
    public ProblemOptions Problem { get; set; } = new();

    /// <summary>The tokenizer.</summary>
    public TokenizerOptions Tokenizer { get; set; } = new();

    /// <summary>The architecture.</summary>
    public ModelOptions Model { get; set; } = new();

    /// <summary>The optimisation.</summary>
    public TrainingOptions Training { get; set; } = new();

    /// <summary>The final evaluation.</summary>
    public EvaluationOptions Evaluation { get; set; } = new();

    /// <summary>JSON settings: camelCase, comments allowed, unknown keys are errors.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>
    /// Parses JSON text, applies dotted overrides (e.g. <c>training.steps=500</c>), validates. Every failure is an
    /// <see cref="InvalidDataException"/> or <see cref="ArgumentException"/> whose one-line message starts with
    /// <paramref name="source"/> and names the setting.
    /// </summary>
    public static RunConfig Parse(string json, IEnumerable<string>? overrides = null, string source = "config")
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonObject root;
        try
        {
            var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
            using (var document = JsonDocument.Parse(json, options))
                if (ConfigErrors.FindDuplicateKey(document.RootElement) is string duplicate)
                    throw new InvalidDataException($"{source}: {duplicate} is set twice.");
            root = JsonNode.Parse(json, documentOptions: options) as JsonObject
                ?? throw new InvalidDataException($"{source}: a config must be a JSON object ({{ ... }}).");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not valid JSON ({e.Message}).", e);
        }
        foreach (var o in overrides ?? []) ApplyOverride(root, o, source);
        RunConfig config;
        try
        {
            config = root.Deserialize<RunConfig>(JsonOptions)!;
        }
        catch (JsonException e)
        {
            throw ConfigErrors.Describe(e, source);
        }
        try
        {
            config.Validate();
        }
        catch (ArgumentException e)
        {
            // Validate names the setting; the file is only known here.
            string message = e.ParamName is string name ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;
            throw new ArgumentException($"{source}: {message}", e.ParamName, e);
        }
        return config;
    }

    /// <summary>Reads and validates a config file.</summary>
    public static RunConfig Load(string path, IEnumerable<string>? overrides = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Config file '{path}' does not exist.", path);
        return Parse(File.ReadAllText(path), overrides, path);
    }

    /// <summary>The config as indented JSON.</summary>
    public string ToJson()
    {
        if (Problem?.Tasks is null) return JsonSerializer.Serialize(this, JsonOptions);
        // A multitask problem's ranges, splits and seeds are its tasks'; writing its own unused defaults would suggest otherwise.
        var root = JsonSerializer.SerializeToNode(this, JsonOptions)!.AsObject();
        if (root["problem"] is JsonObject problem)
            foreach (var key in problem.Select(p => p.Key).Where(k => k is not "name" and not "tasks").ToList()) problem.Remove(key);
        return root.ToJsonString(JsonOptions);
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    /// <remarks>Numbers must be finite: a value such as 1e400 reads as infinity, which no run can use or write back.</remarks>
    public void Validate()
    {
        Check(Problem is not null, "problem", "must be a section");
        Check(Tokenizer is not null, "tokenizer", "must be a section");
        Check(Model is not null, "model", "must be a section");
        Check(Training is not null, "training", "must be a section");
        Check(Evaluation is not null, "evaluation", "must be a section");
        ProblemValidation.Check(Problem);
        Check(Tokenizer.Base is >= NumberBase.MinBase and <= NumberBase.MaxBase, "tokenizer.base", $"must be between {NumberBase.MinBase} and {NumberBase.MaxBase}");
        Model.Validate();
        var t = Training;
        Check(t.Steps > 0, "training.steps", "must be positive");
        Check(t.BatchSize > 0, "training.batchSize", "must be positive");
        Check(t.Accumulation > 0, "training.accumulation", "must be positive");
        Check(t.LearningRate > 0 && double.IsFinite(t.LearningRate), "training.learningRate", "must be positive and finite");
        Check(t.WarmupSteps >= 0, "training.warmupSteps", "must be ≥ 0");
        Check(t.WeightDecay >= 0 && double.IsFinite(t.WeightDecay), "training.weightDecay", "must be ≥ 0 and finite");
        Check(t.ClipNorm >= 0 && double.IsFinite(t.ClipNorm), "training.clipNorm", "must be ≥ 0 and finite");
        Check(t.EvalEvery > 0, "training.evalEvery", "must be positive");
        Check(t.CheckpointEvery > 0, "training.checkpointEvery", "must be positive");
        Check(t.ValidationSamples >= 0, "training.validationSamples", "must be ≥ 0");
        Check(t.ValidationBeams > 0, "training.validationBeams", "must be positive");
        Check(t.TrainSamples >= 0, "training.trainSamples", "must be ≥ 0 (0: none)");
        Check(Enum.IsDefined(t.Schedule), "training.schedule", "must be linear, cosine, inverseSqrt or constant");
        Check(Enum.IsDefined(t.Precision), "training.precision", "must be float32 or bfloat16");
        Check(t.Beta1 is >= 0 and < 1, "training.beta1", "must be in [0, 1)");
        Check(t.Beta2 is >= 0 and < 1, "training.beta2", "must be in [0, 1)");
        Check(t.LabelSmoothing is >= 0 and < 1, "training.labelSmoothing", "must be in [0, 1)");
        Check(t.RepeatedSubset >= 0, "training.repeatedSubset", "must be ≥ 0 (0: off)");
        Check(t.RepeatedFraction is > 0 and < 1, "training.repeatedFraction", "must be in (0, 1)");
        int slots = Data.RepeatedSubset.SlotsFor(t.RepeatedFraction, t.BatchSize);
        Check(t.RepeatedSubset == 0 || (slots >= 1 && slots < t.BatchSize), "training.repeatedFraction",
            $"gives round({t.RepeatedFraction} × training.batchSize {t.BatchSize}) = {slots} subset slots per batch; it must leave at least one to the subset and one to the stream");
        Check(t.RepeatedSubset > 0 || t.RepeatedChoice == Data.RepeatedChoice.Random, "training.repeatedChoice", "applies only with training.repeatedSubset");
        Check(Enum.IsDefined(t.RepeatedChoice), "training.repeatedChoice", "must be random or first");
        Check(t.RepeatedSubset > 0 || t.RepeatedFrom.Count == 0, "training.repeatedFrom", "applies only with training.repeatedSubset");
        foreach (var key in t.RepeatedFrom)
            Check(key.Split(':') is [{ Length: > 0 }, { Length: > 0 }], "training.repeatedFrom", $"'{key}' must look like group:bucket, e.g. smallestFactor:11-29");
        foreach (var (key, copies) in t.Oversample)
        {
            Check(key.Split(':') is [{ Length: > 0 }, { Length: > 0 }], "training.oversample", $"key '{key}' must look like group:bucket, e.g. smallestFactor:11-29");
            Check(copies is >= 1 and <= 100, "training.oversample", $"'{key}' must be a whole number of copies from 1 to 100");
        }
        Check(t.Threads >= 0, "training.threads", "must be ≥ 0");
        Check(t.MaxLoss > 0 && double.IsFinite(t.MaxLoss), "training.maxLoss", "must be positive and finite");
        Check(t.Device is not null && Runtime.DeviceName.TryParse(t.Device, out _, out _), "training.device", "must be auto, cpu, cuda or cuda:N");
        Check(Evaluation.Beams > 0, "evaluation.beams", "must be positive");
        Check(Evaluation.BatchSize > 0, "evaluation.batchSize", "must be positive");
    }

    private static void Check([DoesNotReturnIf(false)] bool ok, string name, string message)
    {
        if (!ok) throw new ArgumentOutOfRangeException(name, $"{name} {message}.");
    }

    private static void ApplyOverride(JsonObject root, string assignment, string source)
    {
        int eq = assignment.IndexOf('=', StringComparison.Ordinal);
        var path = eq > 0 ? OverridePath.Split(assignment[..eq]) : [];
        if (path.Length == 0 || path.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException($"{source}: override '{assignment}' must look like section.key=value, e.g. training.steps=500.");
        string raw = assignment[(eq + 1)..].Trim();
        JsonNode node = root;
        for (int i = 0; i < path.Length - 1; i++)
            node = OverridePath.Step(node, path, i, assignment, source);
        JsonNode? value;
        try
        {
            value = JsonNode.Parse(raw);
        }
        catch (JsonException)
        {
            value = JsonValue.Create(raw); // bare words are strings: device=cpu
        }
        OverridePath.Set(node, path, value, assignment, source);
    }
}
