using System.Diagnostics;
using System.Text.Json.Nodes;
using NeuralMath.Artifacts;
using NeuralMath.Configuration;
using NeuralMath.Data;
using NeuralMath.Decoding;
using NeuralMath.Distributed;
using NeuralMath.Evaluation;
using NeuralMath.IO;
using NeuralMath.Model;
using NeuralMath.Problems;
using NeuralMath.Runtime;
using NeuralMath.Tokenization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralMath.Training;

/// <summary>
/// Trains an encoder-decoder on one problem: AdamW (no decay on norms, biases, embeddings), linear warm-up
/// and decay, gradient clipping and accumulation, teacher-forced loss per real target token.
/// Checkpoints atomically and resumes exactly: the data order is a function of (seed, step) and dropout is
/// re-seeded every step, so a resumed run repeats the losses of an uninterrupted one.
/// </summary>
/// <remarks>
/// The run folder holds <c>config.json</c>, <c>checkpoint.nmm</c> (latest), <c>model.nmm</c> (best on
/// validation, never on test), <c>metrics.jsonl</c> (one line per evaluation) and <c>results.json</c>, plus
/// <c>.lock</c>, held open while a trainer runs there (a second one gets <see cref="RunFolderInUseException"/>).
/// A run that would not fit in memory is refused, naming the setting, before anything is built or written.
/// Started by an MPI launcher, the trainer is one rank of a data-parallel job (<see cref="DataParallel"/>): every
/// rank trains on its share of each batch and validates its share of the validation set; rank 0 alone reports and
/// writes the run folder, which must be visible to every rank on <c>--resume</c> (one machine, or a shared file system).
/// Without a run folder (<c>runDirectory</c> null) the run writes no file at all: no checkpoints (so no resume), the
/// best model kept in memory (<see cref="LoadBest"/>), metrics only through the observer — how ML.NET's Fit trains.
/// </remarks>
public sealed class Trainer
{
    private readonly RunConfig _config;
    private readonly string? _dir;
    private readonly RunFolder? _folder;
    private byte[]? _bestInMemory; // the best model's file bytes, when there is no run folder
    private readonly ITrainingObserver _observer;
    private readonly DataParallel _parallel = new(Communicator.World);

    /// <summary>Creates a trainer writing into <paramref name="runDirectory"/>, or writing nothing when it is null.</summary>
    public Trainer(RunConfig config, string? runDirectory, ITrainingObserver? observer = null)
    {
        _config = config ?? throw new ArgumentNullException(nameof(config));
        _config.Validate();
        _dir = runDirectory;
        _folder = runDirectory is null ? null : new RunFolder(runDirectory);
        // One voice per job: ranks other than 0 train silently.
        _observer = _parallel.World.IsRoot ? observer ?? new SilentObserver() : new SilentObserver();
    }

    /// <summary>The best model's path.</summary>
    public string ModelPath => Folder.ModelPath;

    /// <summary>The latest checkpoint's path.</summary>
    public string CheckpointPath => Folder.CheckpointPath;

    private RunFolder Folder => _folder ?? throw new InvalidOperationException("This run has no run folder: it keeps its best model in memory (LoadBest).");

    /// <summary>The best model on validation so far, from the run folder or, for a run without one, from memory.</summary>
    public ModelArtifact LoadBest(string device = "auto")
    {
        if (_folder is not null) return ModelArtifact.Load(ModelPath, device);
        if (_bestInMemory is null) throw new InvalidOperationException("No model yet: the run has not validated.");
        using var bytes = new MemoryStream(_bestInMemory, writable: false);
        return ModelArtifact.Load(bytes, device, "the best model of this run");
    }

    /// <summary>
    /// Training inputs to use instead of the configured problem's train split (the ML.NET trainer passes the rows of
    /// its IDataView); labels still come from the problem. Null: the train split of <see cref="RunConfig.Problem"/>.
    /// </summary>
    public IReadOnlyList<long[]>? TrainInputs { get; init; }

    /// <summary>Validation inputs to use instead of the configured validation split (subsampled the same way); null: that split.</summary>
    public IReadOnlyList<long[]>? ValidationInputs { get; init; }

    /// <summary>Loss of every optimizer step run by this call (for tests and plots).</summary>
    public List<double> Losses { get; } = [];

    /// <summary>
    /// Trains until <see cref="TrainingOptions.Steps"/> (or until cancelled, after writing a checkpoint), then
    /// evaluates the best model on test and out-of-sample inputs. With <paramref name="resume"/>, continues from
    /// the run folder's checkpoint; only some settings may differ from the checkpoint's (see README, "train").
    /// Stops with <see cref="TrainingDivergedException"/> on NaN or exploding loss.
    /// </summary>
    public JsonObject Run(bool resume = false, CancellationToken cancellation = default, bool finalEvaluation = true)
    {
        TorchRuntime.EnsureLoaded();
        var device = TorchRuntime.ResolveDevice(_config.Training.Device);
        var problem = _config.CreateProblem();
        var tokenizer = _config.CreateTokenizer(problem);
        // Before the folder is touched, so that a run too large for this machine writes nothing.
        MemoryEstimate.Check(_config, problem, tokenizer, TrainInputs?.Count, ValidationInputs?.Count, finalEvaluation,
            modelInHostMemory: device.type == DeviceType.CPU, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        if (_dir is null && resume) throw new InvalidOperationException("A run without a run folder keeps no checkpoint to resume.");
        bool newFolder = _dir is not null && !Directory.Exists(_dir);
        try
        {
            // Taken before anything is written and released however the run ends: one trainer per folder, across processes.
            // Rank 0 holds it for the whole job.
            using var folder = _parallel.World.IsRoot && _dir is not null ? RunFolderLock.Acquire(_dir) : null;
            // Initialisation and dropout draw from torch's process-wide generator; two runs interleaving their draws
            // would each stop being reproducible, so runs in one process take turns.
            // torch's thread count is process-wide: the run's setting must not outlive it (later work in this process).
            lock (RandomStateGate)
            {
                int threads = get_num_threads();
                try
                {
                    return RunLocked(resume, cancellation, finalEvaluation, device, problem, tokenizer);
                }
                finally
                {
                    set_num_threads(threads);
                }
            }
        }
        catch (ArgumentException) when (newFolder)
        {
            // A setting the data refuses (model.maxPositions too small, an oversample bucket that matches nothing):
            // nothing was trained, so leave no run folder behind.
            if (_parallel.World.IsRoot) RunFolderLock.RemoveIfUnused(_dir!);
            throw;
        }
    }

    /// <summary>Held while a run uses torch's global random state.</summary>
    internal static Lock RandomStateGate { get; } = new();

    private JsonObject RunLocked(bool resume, CancellationToken cancellation, bool finalEvaluation, Device device, MathProblem problem, MathTokenizer tokenizer)
    {
        var t = _config.Training;
        var world = _parallel.World;
        bool root = world.IsRoot;
        bool writes = root && _folder is not null; // rank 0 of a run with a folder
        if (t.Threads > 0) set_num_threads(t.Threads);
        else if (world.LocalSize > 1) set_num_threads(Math.Max(1, Environment.ProcessorCount / world.LocalSize)); // ranks on one host share its cores
        if (!resume && _folder is not null && File.Exists(CheckpointPath))
            throw new InvalidOperationException($"'{_dir}' already holds a run. Resume it with --resume, or choose another --out folder.");
        // A resume is checked against its checkpoint before anything in the folder changes.
        string? scheduleNote = resume ? CheckResumable() : null;
        if (scheduleNote is not null) _observer.Message(scheduleNote);
        var wall = Stopwatch.StartNew();

        var data = TrainingData.Build(_config, problem, tokenizer, TrainInputs, ValidationInputs, _observer);
        var validator = new Validator(_config, problem, tokenizer, data.Validation, data.Train, device, world);

        TorchRandom.Seed(t.Seed);
        using var model = new Seq2SeqModel(_config.Model, tokenizer);
        model.to(device);
        using var optimizer = TrainingStep.CreateOptimizer(model, t);

        var state = new TrainingState();
        if (resume)
        {
            state = Checkpoint.Restore(CheckpointPath, model, optimizer);
            _observer.Message($"Resumed from step {state.Step} ({device}).");
            if (writes) Folder.TruncateMetrics(state.Step); // lines past the checkpoint belong to steps that will be run again
            if (writes) ForgetBestPastCheckpoint(state);
        }
        _parallel.BroadcastParameters(model);
        using var mixed = MixedPrecision.For(t.Precision, model, tokenizer, device);
        // Rewritten on resume too, with the settings that may change (steps, threads...) as this session runs them.
        if (writes) Folder.WriteConfig(_config.ToJson());
        int firstStep = state.Step;
        double previousSeconds = state.TrainingSeconds;

        _observer.Started(firstStep, t.Steps,
            $"{(problem.Tasks.Count > 0 ? $"{problem.Name} ({string.Join(", ", problem.Tasks.Select(x => $"{x.Name} ×{x.Weight:G4}"))})" : problem.Name)}: " +
            $"{data.Train.Count:N0} training / {data.Validation.Count:N0} validation inputs" +
            (data.Oversampled ? $" ({data.EpochSize:N0} per epoch with oversampling)" : "") +
            (data.Repeated is { } r ? $" ({t.RepeatedFraction:P0} of each batch from a repeated subset of {r.Inputs.Count:N0})" : "") +
            $", base {tokenizer.Base}, {model.ParameterCount:N0} parameters, device {device}, {get_num_threads()} thread{(get_num_threads() == 1 ? "" : "s")}" +
            (world.Size > 1 ? $" × {world.Size} ranks on {world.HostCount} host(s)" : "") + $", seed {t.Seed}");

        // Training time counts optimizer steps only: validation and checkpoint writing pause this clock
        // (validation time is logged separately), so curves against minutes compare training speed, not evaluation cost.
        var training = new Stopwatch();
        double TrainingSeconds() => previousSeconds + training.Elapsed.TotalSeconds;
        int step = firstStep;
        // A stop request is voted on in every step's allreduce, so that all ranks stop after the same step; one process
        // needs no vote and stops before starting another step.
        bool stop = false;
        model.train();
        for (; step < t.Steps && !stop && !(world.Size == 1 && cancellation.IsCancellationRequested); step++)
        {
            training.Start();
            var stepClock = Stopwatch.StartNew();
            double lr = LearningRateSchedule.At(step, t.Steps, t.WarmupSteps, t.LearningRate, t.Schedule);
            foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
            // Dropout masks depend on (seed, step) only, and on the rank, whose share of the batch is different.
            TorchRandom.Seed(t.Seed * 1_000_003 + step + world.Rank * 1_000_000_007L);
            var batches = data.BatchesAt(step);
            long tokens = TrainingStep.TargetTokens(data.Train, batches); // of the whole batch, on every rank
            var shares = batches.Select(_parallel.Share).ToArray();
            double localLoss = TrainingStep.AccumulateGradients(mixed?.Working ?? model, optimizer, data.Train, shares, tokens, device, t.LabelSmoothing);
            mixed?.GradientsToMaster();
            (double stepLoss, stop) = _parallel.SumGradients(model, localLoss, cancellation.IsCancellationRequested);
            if (!double.IsFinite(stepLoss) || stepLoss > t.MaxLoss)
                throw new TrainingDivergedException(
                    $"Training diverged at step {step + 1}: loss {stepLoss:G4}. The last good checkpoint is '{CheckpointPath}' " +
                    $"(resume with --resume after lowering training.learningRate or raising training.warmupSteps, or start a new run with model.norm=pre).");
            TrainingStep.Apply(model, optimizer, t.ClipNorm);
            mixed?.WeightsFromMaster();
            training.Stop();

            Losses.Add(stepLoss);
            state.Record(stepLoss, batches.Sum(b => (long)b.Length), tokens);
            _observer.Stepped(step + 1, t.Steps, stepLoss, lr, tokens / Math.Max(stepClock.Elapsed.TotalSeconds, 1e-9));

            bool last = step + 1 == t.Steps;
            if ((step + 1) % t.EvalEvery == 0 || last) Evaluate(model, validator, state, step + 1, lr, TrainingSeconds(), device);
            if ((step + 1) % t.CheckpointEvery == 0 || last) SaveCheckpoint(model, optimizer, state, step + 1, TrainingSeconds(), device);
        }

        if ((stop || cancellation.IsCancellationRequested) && step < t.Steps)
        {
            SaveCheckpoint(model, optimizer, state, step, TrainingSeconds(), device);
            _observer.Message(_folder is null
                ? $"Stopped at step {step}."
                : $"Stopped at step {step}; checkpoint written to '{CheckpointPath}'. Continue with --resume.");
            return new JsonObject { ["interrupted"] = true, ["step"] = step };
        }

        var results = new JsonObject
        {
            ["config"] = JsonNode.Parse(_config.ToJson()),
            ["environment"] = RunEnvironment.Describe(device),
            ["steps"] = t.Steps,
            ["bestStep"] = state.BestStep,
            ["parameters"] = model.ParameterCount,
            ["trainingSeconds"] = TrainingSeconds(),
            ["validationSeconds"] = state.EvaluationSeconds,
            ["examplesSeen"] = state.ExamplesSeen,
            ["targetTokensSeen"] = state.TokensSeen,
        };
        if (resume) results["resumedFromStep"] = firstStep;
        world.Barrier(); // rank 0 has written model.nmm before any rank loads it
        if (finalEvaluation) EvaluateBest(problem, tokenizer, results); // every rank decodes its share
        results["wallSeconds"] = wall.Elapsed.TotalSeconds;
        if (writes) Folder.WriteResults(results);
        return results;
    }

    // Validates, logs the metrics line, and keeps the model if it is the best on validation so far (top-1, then loss).
    private void Evaluate(Seq2SeqModel model, Validator validator, TrainingState state, int step, double lr, double trainingSeconds, Device device)
    {
        var clock = Stopwatch.StartNew();
        var record = new JsonObject
        {
            ["step"] = step,
            ["examplesSeen"] = state.ExamplesSeen,
            ["targetTokensSeen"] = state.TokensSeen,
            ["trainingSeconds"] = trainingSeconds,
            ["trainLoss"] = state.TakeIntervalLoss(),
            ["learningRate"] = lr,
        };
        if (_parallel.World.Size > 1)
        {
            record["ranks"] = _parallel.World.Size;
            record["allreduceSeconds"] = _parallel.AllreduceSeconds; // of this session, rank 0's share of training time
            record["allreduceBytes"] = _parallel.AllreduceBytes;
        }
        foreach (var (key, value) in validator.Run(model)) record[key] = value?.DeepClone();
        _observer.Evaluated(record);
        // Every rank keeps the same state (the validation figures are summed over ranks); rank 0 writes.
        if (state.IsBest((double)record["validationTop1"]!, (double)record["validationLoss"]!, step))
        {
            if (_folder is not null)
            {
                if (_parallel.World.IsRoot) ModelArtifact.Save(ModelPath, _config, model, Metadata(step, state, trainingSeconds, device));
            }
            else
            {
                // No folder: every rank keeps the bytes of the model file it would have written.
                using var bytes = new MemoryStream();
                ModelArtifact.Save(bytes, _config, model, Metadata(step, state, trainingSeconds, device));
                _bestInMemory = bytes.ToArray();
            }
        }
        state.EvaluationSeconds += clock.Elapsed.TotalSeconds;
        record["validationSeconds"] = clock.Elapsed.TotalSeconds;
        record["residentMegabytes"] = Environment.WorkingSet / (1024 * 1024);
        if (_parallel.World.IsRoot) _folder?.AppendMetrics(record);
        model.train();
    }

    // The best model on the test and out-of-sample splits, into results.json.
    private void EvaluateBest(MathProblem problem, MathTokenizer tokenizer, JsonObject results)
    {
        using var best = LoadBest(_config.Training.Device);
        var predictor = new Predictor(problem, tokenizer, new TorchStepDecoder(best.Model, best.Device)) { Ranks = _parallel.World };
        var search = new BeamSearchOptions { Beams = _config.Evaluation.Beams };
        var rule = new SplitRule(_config.Problem.SplitSeed, _config.Problem.ValidationFraction, _config.Problem.TestFraction);
        foreach (var (name, split, label) in new[] { ("test", DataSplit.Test, "test"), ("oos", DataSplit.OutOfSample, "out-of-sample") })
        {
            var inputs = ProblemData.Inputs(problem, _config.Problem.Max, rule, split, _config.Problem.OutOfSample).ToArray();
            if (inputs.Length == 0) continue;
            _observer.Message($"Evaluating the best model on {inputs.Length:N0} {label} inputs…");
            var report = predictor.Evaluate(name, inputs, search, _config.Evaluation.BatchSize);
            results[name] = System.Text.Json.JsonSerializer.SerializeToNode(report, EvaluationJson.Options);
        }
    }

    private void SaveCheckpoint(Seq2SeqModel model, OptimizerHelper optimizer, TrainingState state, int step, double trainingSeconds, Device device)
    {
        state.Step = step;
        state.TrainingSeconds = trainingSeconds;
        if (!_parallel.World.IsRoot || _folder is null) return;
        Checkpoint.Save(CheckpointPath, _config, model, optimizer, state, Metadata(step, state, trainingSeconds, device));
    }

    // Throws when the checkpoint is missing or the config asks for what its weights and optimizer state cannot
    // continue; returns the note to show when the learning-rate schedule changes.
    private string? CheckResumable()
    {
        if (!File.Exists(CheckpointPath)) throw new InvalidOperationException($"Nothing to resume: '{CheckpointPath}' does not exist.");
        var (savedConfig, savedState) = Checkpoint.Peek(CheckpointPath);
        return ResumeCompatibility.Check(savedConfig, _config, savedState.Step, _dir!); // resuming needs a folder (checked in Run)
    }

    // A process killed between an evaluation that saved model.nmm and the next checkpoint leaves a best model from steps
    // that will be run again, perhaps differently (another thread count or schedule), and the checkpoint's best step no
    // longer names the model on disk. The next evaluation replaces it instead of being compared with that best.
    private void ForgetBestPastCheckpoint(TrainingState state)
    {
        if (!File.Exists(ModelPath)) return;
        int saved = ModelFileReader.Read(ModelPath).Manifest["metadata"]?["step"]?.GetValue<int>() ?? -1;
        if (saved <= state.Step) return;
        (state.BestStep, state.BestTop1, state.BestLoss) = (-1, -1.0, double.MaxValue);
        _observer.Message($"The best model '{ModelPath}' is from step {saved}, after the checkpoint's step {state.Step}; the next evaluation replaces it.");
    }

    private JsonObject Metadata(int step, TrainingState state, double trainingSeconds, Device device) => new()
    {
        ["step"] = step,
        ["seed"] = _config.Training.Seed,
        ["bestStep"] = state.BestStep,
        ["validationTop1"] = state.BestTop1,
        ["validationLoss"] = state.BestLoss,
        ["trainingSeconds"] = trainingSeconds,
        ["environment"] = RunEnvironment.Describe(device),
    };
}

/// <summary>Training stopped because the loss became NaN or exploded.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
