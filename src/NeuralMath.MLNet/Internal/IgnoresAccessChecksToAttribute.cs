// Not in the BCL's public surface, but honoured by CoreCLR: an assembly that carries it may use the named
// assembly's non-public members. Declared here because the runtime looks it up by name only.
namespace System.Runtime.CompilerServices;

/// <summary>Lets this assembly use non-public members of the named assembly at run time (see Internal/README.md).</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
internal sealed class IgnoresAccessChecksToAttribute(string assemblyName) : Attribute
{
    /// <summary>The assembly whose access checks are skipped.</summary>
    public string AssemblyName { get; } = assemblyName;
}
