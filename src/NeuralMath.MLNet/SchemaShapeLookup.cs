using Microsoft.ML;

namespace NeuralMath;

/// <summary>Column lookup on a <see cref="SchemaShape"/> with public API (its TryFindColumn is internal in ML.NET 5.0.1).</summary>
internal static class SchemaShapeLookup
{
    public static bool TryFind(SchemaShape shape, string name, out SchemaShape.Column column)
    {
        foreach (var c in shape)
        {
            if (c.Name == name)
            {
                column = c;
                return true;
            }
        }
        column = default;
        return false;
    }
}
