// Publicizer: copies an assembly with every type, method and field made public, for use as a compile-time
// reference only (the real, signed assembly is what gets deployed). Usage: Publicizer <input.dll> <output.dll>.
// Mono.Cecil is used because Krafs.Publicizer is not on the package feed (research/mlnet-spike.md, option E).
using Mono.Cecil;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Publicizer <input.dll> <output.dll>");
    return 2;
}

string input = args[0], output = args[1];
using (var assembly = AssemblyDefinition.ReadAssembly(input, new ReaderParameters { ReadingMode = ReadingMode.Immediate }))
{
    foreach (var type in assembly.MainModule.GetTypes())
    {
        if (type.IsNested) type.IsNestedPublic = true;
        else type.IsPublic = true;
        foreach (var method in type.Methods) method.IsPublic = true;
        foreach (var field in type.Fields)
        {
            // An event's backing field would clash with the event's name once public; leave it alone.
            if (type.Events.Any(e => e.Name == field.Name)) continue;
            field.IsPublic = true;
        }
    }
    // Written to a temporary name first so a concurrent build never sees a half-written reference.
    NeuralMath.IO.AtomicFile.Default.Write(output, stream => assembly.Write(stream));
}
return 0;
