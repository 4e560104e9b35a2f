using System.Text.Json.Nodes;
using NeuralMath.Configuration;
using NeuralMath.Data;
using NeuralMath.Decoding;
using NeuralMath.Evaluation;
using NeuralMath.Model;
using NeuralMath.Problems;
using NeuralMath.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralMath.Training;

/// <summary>
/// One validation pass during training: the teacher-forced loss per target token and the decoded accuracy (top-1,
/// and any-of-k when <c>training.validationBeams</c> is above 1), as fields of a metrics-log line.
/// </summary>
internal sealed class Validator(RunConfig config, MathProblem problem, MathTokenizer tokenizer, EncodedDataset data, Device device)
{
    public JsonObject Run(Seq2SeqModel model)
    {
        int batchSize = config.Evaluation.BatchSize;
        model.eval();
        double lossSum = 0;
        long tokens = 0;
        using (no_grad())
        {
            for (int start = 0; start < data.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var batch = Enumerable.Range(start, Math.Min(batchSize, data.Count - start)).ToArray();
                lossSum += TrainingStep.TeacherForcedLoss(model, data, batch, device).item<float>();
                tokens += batch.Sum(i => (long)data.Targets[i].Length - 1);
            }
        }
        int beams = config.Training.ValidationBeams;
        var predictions = new Predictor(problem, tokenizer, new TorchStepDecoder(model, device))
            .Predict(data.Inputs, new BeamSearchOptions { Beams = beams }, batchSize);
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
}
