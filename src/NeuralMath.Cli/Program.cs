using System.CommandLine;
using System.CommandLine.Invocation;
using NeuralMath.Cli.Commands;
using NeuralMath.Distributed;

// The verb table; each command lives in Commands/.
var root = new RootCommand("NeuralMath: train transformer encoder-decoders to solve math problems written as base-N tokens.")
{
    TrainCommand.Create(),
    BuildCommand.Create(),
    EvalCommand.Create(),
    PredictCommand.Create(),
    ExportCommand.Create(),
    ReportCommand.Create(),
    CompareCommand.Create(),
    BenchCommand.Create(),
};
// No response files: an argument such as @numbers.txt is an input to answer (predict), never a file to expand.
var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
int exitCode = parse.Action is ParseErrorAction ? CommandErrors.ParseFailed(parse) : parse.Invoke();
// One rank of an MPI job: a failure here (already reported on this rank) ends every rank, so none waits forever.
if (Communicator.IsJoined)
{
    if (exitCode != 0) Communicator.World.Abort(exitCode);
    Communicator.World.Leave();
}
return exitCode;
