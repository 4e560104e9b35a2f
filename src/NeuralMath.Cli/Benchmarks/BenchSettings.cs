using System.Text.Json.Nodes;

namespace NeuralMath.Cli.Benchmarks;

/// <summary>How much the benchmark measures: a full run, <c>--quick</c> (about 5 minutes on 2 cores) or the test smoke setting.</summary>
internal sealed record BenchSettings
{
    public required string Name { get; init; }

    /// <summary>Matmul shapes [m, k, n]: [m×k]·[k×n].</summary>
    public required int[][] MatmulShapes { get; init; }

    public int MatmulReps { get; init; } = 7;

    /// <summary>Training batch size; null = the config's.</summary>
    public int? TrainBatchSize { get; init; }

    public int TrainWarmupSteps { get; init; } = 2;

    public int TrainStepsPerRep { get; init; } = 5;

    public int TrainReps { get; init; } = 5;

    /// <summary>Test inputs decoded for throughput; null = the whole test split.</summary>
    public int? DecodeInputs { get; init; }

    public int DecodeReps { get; init; } = 3;

    public int[] Beams { get; init; } = [1, 2, 10];

    /// <summary>Single inputs decoded (each its own call) for the ONNX latency percentiles.</summary>
    public int LatencyInputs { get; init; } = 1000;

    /// <summary>
    /// Comparisons timed through real trainings (precision, <c>--ranks</c>): steps timed per training, after as many
    /// untimed ones. A training's first steps run slower than its steady state (0.23 s per step over the first 500 at
    /// batch 64 on two threads, 0.17–0.19 over the next 1,500), so short runs give ratios, not the trainer's speed.
    /// </summary>
    public int TrainerRunSteps { get; init; } = 50;

    /// <summary>
    /// Comparisons timed through real trainings: alternated reps, each one training per setting compared. Even, so that
    /// the precision comparison, which flips its order every rep, runs each precision first equally often.
    /// </summary>
    public int TrainerRunReps { get; init; } = 4;

    /// <summary>A smaller <c>problem.max</c> for the timed trainings (null: the config's); smoke only.</summary>
    public long? TrainerRunProblemMax { get; init; }

    public static BenchSettings Full { get; } = new()
    {
        Name = "full",
        MatmulShapes = [[4096, 512, 512], [4096, 128, 512], [2048, 2048, 2048], [1024, 1024, 1024]],
        TrainStepsPerRep = 10,
        // An even sample of the test split: the naive reference needs ~1 s per input at 10 beams, so the whole
        // split (3,262 inputs) × 3 reps × 3 widths would take hours; 256 keeps a full run near 10 minutes.
        DecodeInputs = 256,
    };

    public static BenchSettings Quick { get; } = new()
    {
        Name = "quick",
        MatmulShapes = [[4096, 512, 512], [4096, 128, 512], [1024, 1024, 1024]],
        MatmulReps = 5,
        TrainStepsPerRep = 3,
        TrainReps = 3,
        DecodeInputs = 64,
        DecodeReps = 3,
        LatencyInputs = 100,
        TrainerRunSteps = 10,
        TrainerRunReps = 4,
    };

    public static BenchSettings Smoke { get; } = new()
    {
        Name = "smoke",
        MatmulShapes = [[256, 128, 128], [128, 256, 128]],
        MatmulReps = 2,
        TrainBatchSize = 16,
        TrainWarmupSteps = 1,
        TrainStepsPerRep = 1,
        TrainReps = 2,
        DecodeInputs = 2,
        DecodeReps = 2,
        LatencyInputs = 4,
        TrainerRunSteps = 2,
        TrainerRunReps = 2,
        TrainerRunProblemMax = 2048, // the trainings build their data first: keep that small where figures mean nothing
    };

    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["matmulShapes"] = new JsonArray(MatmulShapes.Select(s => (JsonNode)new JsonArray(s.Select(v => (JsonNode)v).ToArray())).ToArray()),
        ["matmulReps"] = MatmulReps,
        ["trainBatchSize"] = TrainBatchSize,
        ["trainWarmupSteps"] = TrainWarmupSteps,
        ["trainStepsPerRep"] = TrainStepsPerRep,
        ["trainReps"] = TrainReps,
        ["decodeInputs"] = DecodeInputs,
        ["decodeReps"] = DecodeReps,
        ["beams"] = new JsonArray(Beams.Select(b => (JsonNode)b).ToArray()),
        ["latencyInputs"] = LatencyInputs,
        ["trainerRunSteps"] = TrainerRunSteps,
        ["trainerRunReps"] = TrainerRunReps,
        ["trainerRunProblemMax"] = TrainerRunProblemMax,
    };
}
