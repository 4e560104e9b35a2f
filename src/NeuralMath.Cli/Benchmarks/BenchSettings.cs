using System.Text.Json.Nodes;

namespace NeuralMath.Cli.Benchmarks;

/// <summary>How much the benchmark measures: a full run, <c>--quick</c> (under 5 minutes on 2 cores) or the test smoke setting.</summary>
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

    /// <summary><c>--ranks</c>: training steps timed per measurement (after as many untimed ones).</summary>
    public int RanksSteps { get; init; } = 20;

    /// <summary><c>--ranks</c>: alternated pairs of measurements (one process, then the MPI job).</summary>
    public int RanksReps { get; init; } = 5;

    /// <summary><c>--ranks</c>: a smaller <c>problem.max</c> for the timed trainings (null: the config's); smoke only.</summary>
    public long? RanksProblemMax { get; init; }

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
        RanksSteps = 10,
        RanksReps = 3,
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
        RanksSteps = 2,
        RanksReps = 1,
        RanksProblemMax = 2048, // the trainings build their data first: keep that small where figures mean nothing
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
        ["ranksSteps"] = RanksSteps,
        ["ranksReps"] = RanksReps,
        ["ranksProblemMax"] = RanksProblemMax,
    };
}
