using System.Text.Json.Nodes;
using NeuralMath.Configuration;
using NeuralMath.Data;
using NeuralMath.Decoding;
using NeuralMath.Distributed;
using NeuralMath.Evaluation;
using NeuralMath.Model;
using NeuralMath.Problems;
using NeuralMath.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralMath.Training;

/// <summary>
/// One validation pass during training: the teacher-forced loss per target token and the decoded accuracy (top-1,
/// and any-of-k when <c>training.validationBeams</c> is above 1), as fields of a metrics-log line. In a data-parallel
/// job each rank scores and decodes its contiguous share of the set and the results are combined: every rank gets the
/// record one process would write.
/// </summary>
internal sealed class Validator(RunConfig config, MathProblem problem, MathTokenizer tokenizer, EncodedDataset data, EncodedDataset train, Device device, Communicator world)
{
    // Evenly spaced, so the sample spans the training set and is the same at every evaluation.
    private readonly long[][] _trainSample = Enumerable.Range(0, Math.Min(config.Training.TrainSamples, train.Count))
        .Select(i => train.Inputs[(long)i * train.Count / Math.Min(config.Training.TrainSamples, train.Count)]).ToArray();

    public JsonObject Run(Seq2SeqModel model)
    {
        int batchSize = config.Evaluation.BatchSize;
        int first = (int)((long)data.Count * world.Rank / world.Size), end = (int)((long)data.Count * (world.Rank + 1) / world.Size);
        model.eval();
        double lossSum = 0;
        long tokens = 0;
        using (no_grad())
        {
            for (int start = first; start < end; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var batch = Enumerable.Range(start, Math.Min(batchSize, end - start)).ToArray();
                lossSum += TrainingStep.TeacherForcedLoss(model, data, batch, device).item<float>();
                tokens += batch.Sum(i => (long)data.Targets[i].Length - 1);
            }
        }
        int beams = config.Training.ValidationBeams;
        double[] loss = [lossSum, tokens];
        world.Sum(loss); // a no-op in one process
        var predictor = new Predictor(problem, tokenizer, new TorchStepDecoder(model, device)) { Ranks = world };
        var predictions = predictor.Predict(data.Inputs, new BeamSearchOptions { Beams = beams }, batchSize);
        double count = Math.Max(1, data.Count);
        var record = new JsonObject
        {
            ["validationLoss"] = loss[0] / Math.Max(1, loss[1]),
            ["validationTop1"] = predictions.Count(p => p.Beams.Count > 0 && p.Beams[0].Verdict.Correct) / count,
            ["validationCount"] = data.Count,
        };
        // A multitask model's validation top-1 of each task, for the report's curves (model selection stays on the pooled figure).
        if (problem.Tasks.Count > 0)
            record["validationTop1ByTask"] = new JsonObject(TaskPredictions.Split(problem, predictions).Select(x =>
                KeyValuePair.Create(x.Task.Name, (JsonNode?)(x.Predictions.Count(p => p.Beams.Count > 0 && p.Beams[0].Verdict.Correct) / (double)x.Predictions.Length))));
        if (beams > 1)
        {
            record["validationBeams"] = beams;
            record["validationAnyOfK"] = predictions.Count(p => p.Beams.Any(b => b.Verdict.Correct)) / count;
        }
        if (_trainSample.Length > 0)
        {
            var seen = predictor.Predict(_trainSample, new BeamSearchOptions { Beams = beams }, batchSize);
            record["trainTop1"] = seen.Count(p => p.Beams.Count > 0 && p.Beams[0].Verdict.Correct) / (double)_trainSample.Length;
            record["trainCount"] = _trainSample.Length;
        }
        return record;
    }
}
