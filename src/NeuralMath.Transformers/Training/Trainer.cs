using System.Diagnostics;
using System.Text.Json.Nodes;
using NeuralMath.Artifacts;
using NeuralMath.Configuration;
using NeuralMath.Data;
using NeuralMath.Decoding;
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
/// </remarks>
public sealed class Trainer
{
    private const string CheckpointFile = "checkpoint.nmm", ModelFile = "model.nmm", OptimizerEntry = "optimizer.bin", StateEntry = "trainer.json";
    private readonly RunConfig _config;
    private readonly string _dir;
    private readonly ITrainingObserver _observer;

    /// <summary>Creates a trainer writing into <paramref name="runDirectory"/>.</summary>
    public Trainer(RunConfig config, string runDirectory, ITrainingObserver? observer = null)
    {
        _config = config ?? throw new ArgumentNullException(nameof(config));
        _config.Validate();
        _dir = runDirectory ?? throw new ArgumentNullException(nameof(runDirectory));
        _observer = observer ?? new SilentObserver();
    }

    /// <summary>The best model's path.</summary>
    public string ModelPath => Path.Combine(_dir, ModelFile);

    /// <summary>The latest checkpoint's path.</summary>
    public string CheckpointPath => Path.Combine(_dir, CheckpointFile);

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
        bool newFolder = !Directory.Exists(_dir);
        try
        {
            // Taken before anything is written and released however the run ends: one trainer per folder, across processes.
            using var folder = RunFolderLock.Acquire(_dir);
            // Initialisation and dropout draw from torch's process-wide generator; two runs interleaving their draws
            // would each stop being reproducible, so runs in one process take turns.
            lock (RandomStateGate) return RunLocked(resume, cancellation, finalEvaluation, device, problem, tokenizer);
        }
        catch (ArgumentException) when (newFolder)
        {
            // A setting the data refuses (model.maxPositions too small, an oversample bucket that matches nothing):
            // nothing was trained, so leave no run folder behind.
            RunFolderLock.RemoveIfUnused(_dir);
            throw;
        }
    }

    /// <summary>Held while a run uses torch's global random state.</summary>
    internal static Lock RandomStateGate { get; } = new();

    private JsonObject RunLocked(bool resume, CancellationToken cancellation, bool finalEvaluation, Device device, MathProblem problem, MathTokenizer tokenizer)
    {
        var t = _config.Training;
        if (t.Threads > 0) set_num_threads(t.Threads);
        if (!resume && File.Exists(CheckpointPath))
            throw new InvalidOperationException($"'{_dir}' already holds a run. Resume it with --resume, or choose another --out folder.");
        // A resume is checked against its checkpoint before anything in the folder changes.
        string? scheduleNote = resume ? CheckResumable() : null;
        if (scheduleNote is not null) _observer.Message(scheduleNote);
        var wall = Stopwatch.StartNew();

        var rule = new SplitRule(_config.Problem.SplitSeed, _config.Problem.ValidationFraction, _config.Problem.TestFraction);
        var trainInputs = (TrainInputs ?? ProblemData.Inputs(problem, _config.Problem.Max, rule, DataSplit.Train, 0)).ToArray();
        var validation = Subsample(ValidationInputs?.ToArray() ?? ProblemData.Inputs(problem, _config.Problem.Max, rule, DataSplit.Validation, 0).ToArray(), t.ValidationSamples);
        _observer.Message($"Building {trainInputs.Length:N0} training and {validation.Length:N0} validation examples…");
        var train = EncodedDataset.Build(problem, tokenizer, trainInputs);
        CheckLengths(train);
        var validationData = EncodedDataset.Build(problem, tokenizer, validation);
        var copies = t.Oversample.Count == 0 ? null : Oversampling.Copies(problem, train.Inputs, t.Oversample);
        var batcher = new LengthBucketBatcher(train.Sources.Select(s => s.Length).ToArray(), train.Targets.Select(s => s.Length).ToArray(), t.BatchSize, (ulong)t.Seed, copies);

        TorchRandom.Seed(t.Seed);
        using var model = new Seq2SeqModel(_config.Model, tokenizer.Vocabulary.Size);
        model.to(device);
        using var optimizer = TrainingStep.CreateOptimizer(model, t);

        var state = new TrainingState();
        if (resume)
        {
            state = RestoreCheckpoint(model, optimizer, device);
            TruncateMetrics(state.Step); // lines past the checkpoint belong to steps that will be run again
        }
        // Rewritten on resume too, with the settings that may change (steps, threads...) as this session runs them.
        AtomicFile.Default.WriteAllText(Path.Combine(_dir, "config.json"), _config.ToJson());
        int firstStep = state.Step;
        double previousSeconds = state.TrainingSeconds;

        _observer.Started(firstStep, t.Steps,
            $"{problem.Name}: {train.Count:N0} training / {validationData.Count:N0} validation inputs" +
            (copies is null ? "" : $" ({batcher.EpochSize:N0} per epoch with oversampling)") +
            $", base {tokenizer.Base}, {model.ParameterCount:N0} parameters, device {device}, {get_num_threads()} threads, seed {t.Seed}");

        // Training time counts optimizer steps only: validation and checkpoint writing pause this clock
        // (their time is logged separately), so curves against minutes compare training speed, not evaluation cost.
        var training = new Stopwatch();
        var epochCache = (Epoch: -1, Batches: (IReadOnlyList<int[]>)[]);
        int step = firstStep;
        model.train();
        for (; step < t.Steps && !cancellation.IsCancellationRequested; step++)
        {
            training.Start();
            var stepClock = Stopwatch.StartNew();
            double lr = LearningRateSchedule.At(step, t.Steps, t.WarmupSteps, t.LearningRate, t.Schedule);
            foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
            TorchRandom.Seed(t.Seed * 1_000_003 + step); // dropout masks depend on (seed, step) only

            var batches = new int[t.Accumulation][];
            for (int j = 0; j < t.Accumulation; j++)
            {
                long micro = (long)step * t.Accumulation + j;
                int epoch = (int)(micro / batcher.BatchesPerEpoch);
                if (epoch != epochCache.Epoch) epochCache = (epoch, batcher.Epoch(epoch));
                batches[j] = epochCache.Batches[(int)(micro % batcher.BatchesPerEpoch)];
            }
            long tokens = TrainingStep.TargetTokens(train, batches);
            double stepLoss = TrainingStep.AccumulateGradients(model, optimizer, train, batches, tokens, device, t.LabelSmoothing);
            if (!double.IsFinite(stepLoss) || stepLoss > t.MaxLoss)
                throw new TrainingDivergedException(
                    $"Training diverged at step {step + 1}: loss {stepLoss:G4}. The last good checkpoint is '{CheckpointPath}' " +
                    $"(resume with --resume after lowering training.learningRate or raising training.warmupSteps, or start a new run with model.norm=pre).");
            TrainingStep.Apply(model, optimizer, t.ClipNorm);
            training.Stop();

            Losses.Add(stepLoss);
            state.LossSinceEval += stepLoss;
            state.StepsSinceEval++;
            state.ExamplesSeen += batches.Sum(b => (long)b.Length);
            state.TokensSeen += tokens;
            _observer.Stepped(step + 1, t.Steps, stepLoss, lr, tokens / Math.Max(stepClock.Elapsed.TotalSeconds, 1e-9));

            bool last = step + 1 == t.Steps;
            if ((step + 1) % t.EvalEvery == 0 || last)
            {
                var evalClock = Stopwatch.StartNew();
                var record = new JsonObject
                {
                    ["step"] = step + 1,
                    ["examplesSeen"] = state.ExamplesSeen,
                    ["targetTokensSeen"] = state.TokensSeen,
                    ["trainingSeconds"] = previousSeconds + training.Elapsed.TotalSeconds,
                    ["trainLoss"] = state.LossSinceEval / state.StepsSinceEval,
                    ["learningRate"] = lr,
                };
                foreach (var (key, value) in Validate(model, problem, tokenizer, validationData, device)) record[key] = value?.DeepClone();
                state.LossSinceEval = 0;
                state.StepsSinceEval = 0;
                _observer.Evaluated(record);
                double top1 = (double)record["validationTop1"]!, vloss = (double)record["validationLoss"]!;
                if (top1 > state.BestTop1 || (top1 == state.BestTop1 && vloss < state.BestLoss))
                {
                    state.BestTop1 = top1;
                    state.BestLoss = vloss;
                    state.BestStep = step + 1;
                    ModelArtifact.Save(ModelPath, _config, model, Metadata(step + 1, state, previousSeconds + training.Elapsed.TotalSeconds, device));
                }
                state.EvaluationSeconds += evalClock.Elapsed.TotalSeconds;
                record["validationSeconds"] = evalClock.Elapsed.TotalSeconds;
                record["residentMegabytes"] = Environment.WorkingSet / (1024 * 1024);
                File.AppendAllText(Path.Combine(_dir, "metrics.jsonl"), record.ToJsonString(EvaluationJson.Options) + "\n");
                model.train();
            }
            if ((step + 1) % t.CheckpointEvery == 0 || last)
            {
                state.Step = step + 1;
                state.TrainingSeconds = previousSeconds + training.Elapsed.TotalSeconds;
                SaveCheckpoint(model, optimizer, state, device);
            }
        }

        if (cancellation.IsCancellationRequested && step < t.Steps)
        {
            state.Step = step;
            state.TrainingSeconds = previousSeconds + training.Elapsed.TotalSeconds;
            SaveCheckpoint(model, optimizer, state, device);
            _observer.Message($"Stopped at step {step}; checkpoint written to '{CheckpointPath}'. Continue with --resume.");
            return new JsonObject { ["interrupted"] = true, ["step"] = step };
        }

        var results = new JsonObject
        {
            ["config"] = JsonNode.Parse(_config.ToJson()),
            ["environment"] = RunEnvironment.Describe(device),
            ["steps"] = t.Steps,
            ["bestStep"] = state.BestStep,
            ["parameters"] = model.ParameterCount,
            ["trainingSeconds"] = previousSeconds + training.Elapsed.TotalSeconds,
            ["validationSeconds"] = state.EvaluationSeconds,
            ["examplesSeen"] = state.ExamplesSeen,
            ["targetTokensSeen"] = state.TokensSeen,
        };
        if (resume) results["resumedFromStep"] = firstStep;
        if (finalEvaluation)
        {
            using var best = ModelArtifact.Load(ModelPath, t.Device);
            var predictor = new Predictor(problem, tokenizer, new TorchStepDecoder(best.Model, best.Device));
            var search = new BeamSearchOptions { Beams = _config.Evaluation.Beams };
            foreach (var (name, split, label) in new[] { ("test", DataSplit.Test, "test"), ("oos", DataSplit.OutOfSample, "out-of-sample") })
            {
                var inputs = ProblemData.Inputs(problem, _config.Problem.Max, rule, split, _config.Problem.OutOfSample).ToArray();
                if (inputs.Length == 0) continue;
                _observer.Message($"Evaluating the best model on {inputs.Length:N0} {label} inputs…");
                var clock = Stopwatch.StartNew();
                var predictions = predictor.Predict(inputs, search, _config.Evaluation.BatchSize);
                var report = EvaluationReport.Create(problem, name, search.Beams, predictions, clock.Elapsed.TotalSeconds);
                results[name] = System.Text.Json.JsonSerializer.SerializeToNode(report, EvaluationJson.Options);
            }
        }
        results["wallSeconds"] = wall.Elapsed.TotalSeconds;
        AtomicFile.Default.WriteAllText(Path.Combine(_dir, "results.json"), results.ToJsonString(EvaluationJson.Indented));
        return results;
    }

    /// <summary>Sum of the cross-entropy over the real (non-pad) target tokens of a batch.</summary>
    internal static Tensor TeacherForcedLoss(Seq2SeqModel model, EncodedDataset data, IReadOnlyList<int> batch, Device device, double labelSmoothing = 0)
    {
        var source = Batching.PadRight(batch.Select(i => data.Sources[i]).ToArray(), device);
        var target = Batching.PadRight(batch.Select(i => data.Targets[i]).ToArray(), device);
        long length = target.shape[1];
        var decoderInput = target.narrow(1, 0, length - 1);
        var expected = target.narrow(1, 1, length - 1);
        var logits = model.forward(source, decoderInput);
        return nn.functional.cross_entropy(logits.reshape(-1, model.VocabularySize), expected.reshape(-1),
            ignore_index: Vocabulary.PadId, reduction: nn.Reduction.Sum, label_smoothing: labelSmoothing);
    }

    private JsonObject Validate(Seq2SeqModel model, MathProblem problem, MathTokenizer tokenizer, EncodedDataset data, Device device)
    {
        model.eval();
        double lossSum = 0;
        long tokens = 0;
        using (no_grad())
        {
            for (int start = 0; start < data.Count; start += _config.Evaluation.BatchSize)
            {
                using var scope = NewDisposeScope();
                var batch = Enumerable.Range(start, Math.Min(_config.Evaluation.BatchSize, data.Count - start)).ToArray();
                lossSum += TeacherForcedLoss(model, data, batch, device).item<float>();
                tokens += batch.Sum(i => (long)data.Targets[i].Length - 1);
            }
        }
        int beams = _config.Training.ValidationBeams;
        var predictions = new Predictor(problem, tokenizer, new TorchStepDecoder(model, device))
            .Predict(data.Inputs, new BeamSearchOptions { Beams = beams }, _config.Evaluation.BatchSize);
        double count = Math.Max(1, data.Count);
        var record = new JsonObject
        {
            ["validationLoss"] = lossSum / Math.Max(1, tokens),
            ["validationTop1"] = predictions.Count(p => p.Beams.Count > 0 && p.Beams[0].Verdict.Correct) / count,
            ["validationCount"] = data.Count,
        };
        if (beams > 1)
        {
            record["validationBeams"] = beams;
            record["validationAnyOfK"] = predictions.Count(p => p.Beams.Any(b => b.Verdict.Correct)) / count;
        }
        return record;
    }

    private void SaveCheckpoint(Seq2SeqModel model, OptimizerHelper optimizer, TrainingState state, Device device)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) optimizer.save_state_dict(writer);
        var extra = new Dictionary<string, byte[]>
        {
            [OptimizerEntry] = buffer.ToArray(),
            [StateEntry] = state.ToJsonBytes(),
        };
        ModelArtifact.Save(CheckpointPath, _config, model, Metadata(state.Step, state, state.TrainingSeconds, device), extra);
    }

    // Throws when the checkpoint is missing or the config asks for what its weights and optimizer state cannot
    // continue; returns the note to show when the learning-rate schedule changes.
    private string? CheckResumable()
    {
        if (!File.Exists(CheckpointPath)) throw new InvalidOperationException($"Nothing to resume: '{CheckpointPath}' does not exist.");
        using var saved = ModelArtifact.Load(CheckpointPath, "cpu", out var extra);
        return ResumeCompatibility.Check(saved.Config, _config, ReadState(extra).Step, _dir);
    }

    private TrainingState RestoreCheckpoint(Seq2SeqModel model, OptimizerHelper optimizer, Device device)
    {
        using var saved = ModelArtifact.Load(CheckpointPath, "cpu", out var extra);
        var state = ReadState(extra);
        using (no_grad())
        {
            var target = model.state_dict();
            foreach (var (name, tensor) in saved.Model.state_dict()) target[name].copy_(tensor);
        }
        using (var reader = new BinaryReader(new MemoryStream(extra[OptimizerEntry]))) optimizer.load_state_dict(reader);
        _observer.Message($"Resumed from step {state.Step} ({device}).");
        return state;
    }

    private TrainingState ReadState(Dictionary<string, byte[]> extra) =>
        extra.ContainsKey(OptimizerEntry) && extra.TryGetValue(StateEntry, out var stateBytes)
            ? TrainingState.FromJsonBytes(stateBytes)
            : throw new InvalidDataException($"'{CheckpointPath}' is a model file, not a training checkpoint.");

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

    // Keeps the metrics lines up to the checkpoint's step: a run killed after an evaluation but before the next
    // checkpoint logged lines that the resumed run will log again.
    private void TruncateMetrics(int checkpointStep)
    {
        string path = Path.Combine(_dir, "metrics.jsonl");
        if (!File.Exists(path)) return;
        var kept = File.ReadAllLines(path).Where(line =>
        {
            if (string.IsNullOrWhiteSpace(line)) return false;
            try
            {
                return JsonNode.Parse(line)?["step"]?.GetValue<int>() is int s && s <= checkpointStep;
            }
            catch (System.Text.Json.JsonException)
            {
                return false; // a line cut short by a crash mid-write
            }
        });
        AtomicFile.Default.WriteAllText(path, string.Concat(kept.Select(line => line + "\n")));
    }

    private void CheckLengths(EncodedDataset data)
    {
        int longest = Math.Max(data.Sources.Max(s => s.Length), data.Targets.Max(s => s.Length));
        if (longest > _config.Model.MaxPositions)
            throw new ArgumentOutOfRangeException("model.maxPositions", $"model.maxPositions is {_config.Model.MaxPositions} but the data has sequences of {longest} tokens; raise it or use a larger base.");
    }

    private static long[][] Subsample(long[][] inputs, int count)
    {
        if (count == 0 || inputs.Length <= count) return inputs;
        // Evenly spaced, so the subset spans the whole range and is the same on every run.
        return Enumerable.Range(0, count).Select(i => inputs[(long)i * inputs.Length / count]).ToArray();
    }
}

/// <summary>Training stopped because the loss became NaN or exploded.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
