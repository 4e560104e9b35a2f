using System.CommandLine;
using System.Globalization;
using NeuralMath.Artifacts;
using NeuralMath.Onnx;

namespace NeuralMath.Cli.Commands;

/// <summary><c>neuralmath export</c>: writes a trained model as ONNX (encoder, decoder step, self-contained greedy graph).</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "Model file (model.nmm).", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Folder for encoder.onnx, decoder_step.onnx, greedy.onnx and manifest.json.", Required = true };
        var command = new Command("export", "Export a trained model to ONNX, for ONNX Runtime in any language (see docs/onnx.md).") { model, output };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            string dir = parse.GetValue(output)!;
            using var artifact = ModelArtifact.Load(parse.GetValue(model)!, "cpu");
            foreach (var file in OnnxExporter.Export(artifact, dir))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {file} ({new FileInfo(file).Length / 1024.0:F0} KB)"));
            Console.WriteLine($"Try: neuralmath predict --onnx {dir} <input>");
            return 0;
        }));
        return command;
    }
}
