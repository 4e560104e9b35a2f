using System.CommandLine;
using NeuralMath.Cli.Commands;

// The verb table; each command lives in Commands/.
var root = new RootCommand("NeuralMath: train transformer encoder-decoders to solve math problems written as base-N tokens.")
{
    TrainCommand.Create(),
    EvalCommand.Create(),
    PredictCommand.Create(),
    ExportCommand.Create(),
    ReportCommand.Create(),
    CompareCommand.Create(),
    BenchCommand.Create(),
};
return root.Parse(args).Invoke();
