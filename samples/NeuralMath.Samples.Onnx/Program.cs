// Sample: scores an exported NeuralMath model with ML.NET's own ONNX transform (mlContext.Transforms.ApplyOnnxModel)
// on the self-contained greedy.onnx graph (input_ids int64 [B,S] -> output_ids int64 [B,T]), then reads and verifies
// the answers with NeuralMath's problem and tokenizer. NeuralMath's own ONNX serving (OnnxModel) is used only to read
// the problem, vocabulary and config from the export's metadata; the scoring itself is plain ML.NET.
// Run: dotnet run --project samples/NeuralMath.Samples.Onnx -c Release -- <export-folder> <input> [input...] [--save pipeline.zip]
// Output: one line per input, e.g. "45+202 -> 247 (verified)" or "3+4 -> 55 (not verified)", worded as
// `neuralmath predict` words it (its default of one beam follows the greedy path, so the answers are almost always the
// same: see docs/onnx.md for when one beam returns another finished answer). With --save, the fitted
// ML.NET pipeline (which holds the ONNX bytes) is saved with mlContext.Model.Save, loaded back with mlContext.Model.Load
// and scored again.
using Microsoft.ML;
using Microsoft.ML.Data;
using NeuralMath.Onnx;
using NeuralMath.Problems;
using NeuralMath.Tokenization;

const string InputIds = "input_ids", OutputIds = "output_ids", GreedyFile = "greedy.onnx";

string? savePath = null;
var positional = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--save" && i + 1 < args.Length) savePath = args[++i];
    else positional.Add(args[i]);
}
if (positional.Count < 2)
{
    Console.Error.WriteLine("usage: NeuralMath.Samples.Onnx <export-folder> <input> [input...] [--save pipeline.zip]   e.g. exports/x 45+202 260+39");
    return 2;
}
string exportFolder = positional[0];
string greedyPath = Path.Combine(exportFolder, GreedyFile);

// 1. Problem, tokenizer and max positions from the export's metadata (OnnxModel checks the manifest and the vocabulary).
MathProblem problem;
MathTokenizer tokenizer;
int maxPositions;
using (var export = OnnxModel.Load(exportFolder))
{
    problem = export.Problem;
    tokenizer = export.Tokenizer;
    maxPositions = export.Config.Model.MaxPositions;
    Console.WriteLine($"export: {exportFolder}  problem {problem.Name}  base {tokenizer.Base}  vocabulary {tokenizer.Vocabulary.Size} tokens  max positions {maxPositions}");
}

// 2. Tokenize: [SOS] body [EOS], right-padded with [PAD] (0) to max positions, because ML.NET needs a fixed width.
var rows = new List<SourceRow>();
var inputs = new List<long[]>();
foreach (var text in positional.Skip(1))
{
    if (!problem.TryParseInput(text, out var input, out var error))
    {
        Console.Error.WriteLine($"'{text}': {error}");
        return 1;
    }
    int[] framed = MathTokenizer.Frame(problem.EncodeInput(tokenizer, input));
    if (framed.Length > maxPositions)
    {
        Console.Error.WriteLine($"'{text}' needs {framed.Length} positions; the model has {maxPositions}.");
        return 1;
    }
    var ids = new long[maxPositions]; // zeros = [PAD]
    for (int k = 0; k < framed.Length; k++) ids[k] = framed[k];
    rows.Add(new SourceRow { Input = text, InputIds = ids });
    inputs.Add(input);
}

// 3. An IDataView whose input_ids column is a vector of exactly maxPositions int64 (known only now, so the
//    [VectorType] size is set through a SchemaDefinition), and ApplyOnnxModel with the ONNX input shape [1, P].
var mlContext = new MLContext(seed: 0);
var schema = SchemaDefinition.Create(typeof(SourceRow));
schema[InputIds].ColumnType = new VectorDataViewType(NumberDataViewType.Int64, maxPositions);
IDataView data = mlContext.Data.LoadFromEnumerable(rows, schema);

var pipeline = mlContext.Transforms.ApplyOnnxModel(
    outputColumnNames: [OutputIds],
    inputColumnNames: [InputIds],
    modelFile: greedyPath,
    shapeDictionary: new Dictionary<string, int[]> { [InputIds] = [1, maxPositions] },
    gpuDeviceId: null,
    fallbackToCpu: true);
ITransformer model = pipeline.Fit(data);
var answers = Score(model, data);
Print(answers);

// 4. Optional: the fitted pipeline as an ML.NET model zip (the ONNX bytes are stored inside), loaded back and scored again.
if (savePath is not null)
{
    mlContext.Model.Save(model, data.Schema, savePath);
    Console.WriteLine($"saved the fitted pipeline to {savePath} ({new FileInfo(savePath).Length / 1024} KB)");
    ITransformer loaded = mlContext.Model.Load(savePath, out var loadedSchema);
    var again = Score(loaded, mlContext.Data.LoadFromEnumerable(rows, schema));
    bool same = answers.Zip(again).All(p => p.First.Tokens.SequenceEqual(p.Second.Tokens));
    Console.WriteLine($"loaded it back with mlContext.Model.Load (input column {InputIds}: {loadedSchema[InputIds].Type}): "
        + (same ? "same output_ids for every input" : "DIFFERENT output_ids"));
    (loaded as IDisposable)?.Dispose();
    if (!same) return 1;
}
(model as IDisposable)?.Dispose();
return 0;

// Runs the transformer and reads output_ids per row (variable length: T depends on when every row produced [EOS]).
List<(string Input, long[] Tokens)> Score(ITransformer transformer, IDataView source) =>
    [.. mlContext.Data.CreateEnumerable<ScoredRow>(transformer.Transform(source), reuseRowObject: false)
        .Select(r => (r.Input, r.OutputIds))];

// Parses each answer with the problem, verifies it exactly and prints "input -> answer (verdict)".
void Print(List<(string Input, long[] Tokens)> scored)
{
    for (int r = 0; r < scored.Count; r++)
    {
        var (text, tokens) = scored[r];
        int[] decoded = [.. tokens.Select(t => (int)t)];
        var answer = problem.ParseAnswer(tokenizer, decoded);
        if (answer is null)
        {
            string spelled = string.Join(' ', decoded.TakeWhile(t => t != Vocabulary.PadId).Select(t => tokenizer.Vocabulary.Symbols[t]));
            Console.WriteLine($"{text} -> (no answer) (not verified; malformed output: {spelled})");
            continue;
        }
        var verdict = problem.Verify(inputs[r], answer);
        Console.WriteLine($"{text} -> {problem.FormatAnswer(answer)} ({(verdict.Correct ? "verified" : "not verified")})");
    }
}

/// <summary>The input rows: the text as typed, and its padded token ids (vector size set by the SchemaDefinition).</summary>
internal sealed class SourceRow
{
    public string Input { get; set; } = "";

    [ColumnName("input_ids")]
    public long[] InputIds { get; set; } = [];
}

/// <summary>The scored rows: the text, passed through, and the greedy graph's output ids.</summary>
internal sealed class ScoredRow
{
    public string Input { get; set; } = "";

    [ColumnName("output_ids")]
    public long[] OutputIds { get; set; } = [];
}
