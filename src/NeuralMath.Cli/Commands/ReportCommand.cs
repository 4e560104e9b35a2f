using System.CommandLine;
using NeuralMath.Artifacts;
using NeuralMath.Reports;

using NeuralMath.Distributed;

namespace NeuralMath.Cli.Commands;

/// <summary><c>neuralmath report</c>: writes a model's figures and an offline index.html (src/NeuralMath.Reports does the work).</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "Model file (model.nmm); training curves come from metrics.jsonl next to it.", Required = true };
        var output = new Option<string?>("--out", "-o") { Description = "Folder for index.html and the PNG figures (default: report/ next to the model)." };
        var input = new Option<string?>("--input") { Description = "Input whose attention maps are drawn, e.g. 45+202 or 91 (default: an in-range example)." };
        var beams = new Option<int?>("--beams", "-k") { Description = "Beams per input (default: the model's evaluation.beams)." };
        var mapTo = new Option<long?>("--map-to") { Description = "Largest operand of the two-operand map, e.g. 999 (default: 1.5 × the training range's max, or its out-of-sample range)." };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var command = new Command("report", "Write figures and an offline HTML report for a trained model.") { model, output, input, beams, mapTo, device };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            string modelPath = parse.GetValue(model)!;
            if (parse.GetValue(beams) is < 1) throw new ArgumentException("--beams must be at least 1.");
            using var artifact = ModelArtifact.Load(modelPath, parse.GetValue(device)!);
            string runFolder = Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
            string folder = parse.GetValue(output) ?? Path.Combine(runFolder, "report");
            var world = Communicator.World;
            var writer = new ReportWriter(artifact, new ReportOptions { Beams = parse.GetValue(beams), Input = parse.GetValue(input), MapHigh = parse.GetValue(mapTo), Ranks = world });
            if (!world.IsRoot)
            {
                // Under mpiexec the ranks share the decoding; rank 0 alone writes the report, the others draw into scratch.
                string scratch = Directory.CreateTempSubdirectory("nm-report-rank-").FullName;
                try { writer.Write(scratch, Path.GetFileName(runFolder), null); }
                finally { Directory.Delete(scratch, recursive: true); }
                return 0;
            }
            var written = writer.Write(folder, Path.GetFileName(runFolder), Path.Combine(runFolder, "metrics.jsonl"), Console.Error.WriteLine);
            Console.WriteLine($"Report: {written.IndexPath} ({written.Figures.Count} figures)");
            return 0;
        }));
        return command;
    }
}
