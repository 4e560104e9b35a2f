namespace NeuralMath;

/// <summary>Schema errors worded as ML.NET words them (its Contracts.ExceptSchemaMismatch is internal).</summary>
internal static class SchemaErrors
{
    /// <summary>"Could not find {role} column '{name}'".</summary>
    public static ArgumentOutOfRangeException Missing(string parameterName, string role, string column) =>
        new(parameterName, $"Could not find {role} column '{column}'");

    /// <summary>"Schema mismatch for {role} column '{name}': expected {expected}, got {actual}".</summary>
    public static ArgumentOutOfRangeException Mismatch(string parameterName, string role, string column, string expected, object? actual) =>
        new(parameterName, $"Schema mismatch for {role} column '{column}': expected {expected}, got {actual}");
}
