using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace NeuralMath.Tools.PublicApi;

/// <summary>
/// The public surface of assemblies as text: per assembly, every public type (its kind, base type and interfaces)
/// followed by its public members and, where a caller can derive from it, its protected ones. One line each, prefixed
/// with the type's full name, so that a diff names what changed.
/// </summary>
internal static class ApiListing
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<Type, string> Aliases = new()
    {
        [typeof(void)] = "void",
        [typeof(bool)] = "bool",
        [typeof(byte)] = "byte",
        [typeof(sbyte)] = "sbyte",
        [typeof(char)] = "char",
        [typeof(short)] = "short",
        [typeof(ushort)] = "ushort",
        [typeof(int)] = "int",
        [typeof(uint)] = "uint",
        [typeof(long)] = "long",
        [typeof(ulong)] = "ulong",
        [typeof(float)] = "float",
        [typeof(double)] = "double",
        [typeof(decimal)] = "decimal",
        [typeof(string)] = "string",
        [typeof(object)] = "object",
    };

    public static string Of(IEnumerable<Assembly> assemblies)
    {
        var text = new StringBuilder();
        foreach (var assembly in assemblies)
        {
            text.Append("# ").Append(assembly.GetName().Name).Append('\n');
            foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
            {
                string name = FullName(type);
                text.Append(name).Append("  ").Append(Declaration(type)).Append('\n');
                foreach (var member in Members(type).Order(StringComparer.Ordinal)) text.Append(name).Append("  ").Append(member).Append('\n');
            }
        }
        return text.ToString();
    }

    private static string Declaration(Type type)
    {
        if (type.IsEnum) return $"enum : {Format(Enum.GetUnderlyingType(type))}";
        if (typeof(Delegate).IsAssignableFrom(type.BaseType)) return "delegate " + Signature(type.GetMethod("Invoke")!, "Invoke");
        string kind = type.IsInterface ? "interface" : type.IsValueType ? "struct" : IsRecord(type) ? "record" : "class";
        string modifiers = type.IsInterface || type.IsValueType ? "" : type.IsAbstract && type.IsSealed ? "static " : type.IsAbstract ? "abstract " : type.IsSealed ? "sealed " : "";
        var bases = new List<string>();
        if (type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType)) bases.Add(Format(b));
        var inherited = type.BaseType?.GetInterfaces() ?? [];
        bases.AddRange(type.GetInterfaces().Where(i => !inherited.Contains(i) && i.IsVisible).Select(i => Format(i)).Order(StringComparer.Ordinal));
        return modifiers + kind + (bases.Count > 0 ? " : " + string.Join(", ", bases) : "");
    }

    private static IEnumerable<string> Members(Type type)
    {
        bool derivable = !type.IsSealed && !type.IsInterface && !type.IsValueType;
        bool Visible(bool isPublic, bool isFamily, bool isFamilyOrAssembly) => isPublic || (derivable && (isFamily || isFamilyOrAssembly));

        if (type.IsEnum)
        {
            foreach (var f in type.GetFields(BindingFlags.Public | BindingFlags.Static))
                yield return $"{f.Name} = {Convert.ToString(f.GetRawConstantValue(), CultureInfo.InvariantCulture)}";
            yield break;
        }
        if (typeof(Delegate).IsAssignableFrom(type.BaseType)) yield break;

        foreach (var c in type.GetConstructors(Declared).Where(c => Visible(c.IsPublic, c.IsFamily, c.IsFamilyOrAssembly)))
            yield return Access(c.IsPublic) + "new(" + Parameters(c.GetParameters()) + ")";
        foreach (var m in type.GetMethods(Declared).Where(m => Visible(m.IsPublic, m.IsFamily, m.IsFamilyOrAssembly) && !m.IsSpecialName || m.Name.StartsWith("op_", StringComparison.Ordinal) && m.IsPublic))
        {
            if (m.Name.StartsWith('<')) continue; // compiler-generated (a record's <Clone>$)
            yield return Access(m.IsPublic) + Modifiers(m, type) + Signature(m, m.Name);
        }
        foreach (var p in type.GetProperties(Declared))
        {
            var accessors = new[] { p.GetMethod, p.SetMethod }.Where(a => a is not null && Visible(a.IsPublic, a.IsFamily, a.IsFamilyOrAssembly)).ToList();
            if (accessors.Count == 0) continue;
            var first = accessors[0]!;
            var nullability = new NullabilityInfoContext().Create(p);
            string index = p.GetIndexParameters() is { Length: > 0 } ip ? $"this[{Parameters(ip)}]" : p.Name;
            var parts = accessors.Select(a => a == p.GetMethod ? "get;" : IsInit(a!) ? "init;" : "set;");
            yield return Access(first.IsPublic) + Modifiers(first, type) + Format(p.PropertyType, nullability) + " " + index + " { " + string.Join(" ", parts) + " }";
        }
        foreach (var f in type.GetFields(Declared).Where(f => Visible(f.IsPublic, f.IsFamily, f.IsFamilyOrAssembly)))
        {
            string prefix = f.IsLiteral ? "const " : f.IsStatic && f.IsInitOnly ? "static readonly " : f.IsStatic ? "static " : f.IsInitOnly ? "readonly " : "";
            string value = f.IsLiteral ? " = " + Literal(f.GetRawConstantValue(), f.FieldType) : "";
            yield return Access(f.IsPublic) + prefix + Format(f.FieldType, new NullabilityInfoContext().Create(f)) + " " + f.Name + value;
        }
        foreach (var e in type.GetEvents(Declared).Where(e => e.AddMethod is { } a && Visible(a.IsPublic, a.IsFamily, a.IsFamilyOrAssembly)))
            yield return Access(e.AddMethod!.IsPublic) + "event " + Format(e.EventHandlerType!) + " " + e.Name;
        foreach (var n in type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).Where(n => n.IsNestedPublic || (derivable && (n.IsNestedFamily || n.IsNestedFamORAssem))))
            yield return Access(n.IsNestedPublic) + "nested " + n.Name;
    }

    private static string Access(bool isPublic) => isPublic ? "" : "protected ";

    private static string Modifiers(MethodInfo m, Type owner)
    {
        if (m.IsStatic) return "static ";
        if (owner.IsInterface) return m.IsAbstract ? "" : "default ";
        if (m.IsAbstract) return "abstract ";
        if (m.IsVirtual && !m.IsFinal) return m.GetBaseDefinition().DeclaringType == m.DeclaringType ? "virtual " : "override ";
        if (m.IsVirtual && m.GetBaseDefinition().DeclaringType != m.DeclaringType) return "sealed override ";
        return "";
    }

    private static string Signature(MethodInfo m, string name)
    {
        string generic = m.IsGenericMethodDefinition ? "<" + string.Join(", ", m.GetGenericArguments().Select(a => a.Name)) + ">" : "";
        var returned = new NullabilityInfoContext().Create(m.ReturnParameter);
        return Format(m.ReturnType, returned) + " " + name + generic + "(" + Parameters(m.GetParameters()) + ")";
    }

    private static string Parameters(ParameterInfo[] parameters) => string.Join(", ", parameters.Select(p =>
    {
        var nullability = new NullabilityInfoContext().Create(p);
        var type = p.ParameterType;
        string modifier = "";
        if (type.IsByRef)
        {
            modifier = p.IsOut ? "out " : p.IsIn ? "in " : "ref ";
            type = type.GetElementType()!;
        }
        if (p.GetCustomAttribute<ParamArrayAttribute>() is not null) modifier = "params ";
        string text = modifier + Format(type, nullability) + " " + p.Name;
        return p.HasDefaultValue ? text + " = " + Literal(p.RawDefaultValue, type) : text;
    }));

    private static string Literal(object? value, Type type) => value switch
    {
        null => type.IsValueType && Nullable.GetUnderlyingType(type) is null ? "default" : "null",
        string s => "\"" + s + "\"",
        bool b => b ? "true" : "false",
        char c => "'" + c + "'",
        _ when (Nullable.GetUnderlyingType(type) ?? type).IsEnum => Format(Nullable.GetUnderlyingType(type) ?? type) + "." + Enum.GetName(Nullable.GetUnderlyingType(type) ?? type, value),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static bool IsInit(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null;

    private static string FullName(Type type) => type.IsNested ? FullName(type.DeclaringType!) + "." + type.Name : type.Namespace + "." + type.Name;

    /// <summary>A type as C# writes it, short names, with <c>?</c> where it is nullable.</summary>
    private static string Format(Type type, NullabilityInfo? nullability = null)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying) return Format(underlying) + "?";
        string suffix = nullability is { ReadState: NullabilityState.Nullable } && !type.IsValueType ? "?" : "";
        if (type.IsByRef) return Format(type.GetElementType()!, nullability) + "&";
        if (type.IsArray) return Format(type.GetElementType()!, nullability?.ElementType) + "[" + new string(',', type.GetArrayRank() - 1) + "]" + suffix;
        if (type.IsPointer) return Format(type.GetElementType()!) + "*";
        if (type.IsGenericParameter) return type.Name + suffix;
        if (Aliases.TryGetValue(type, out var alias)) return alias + suffix;
        string name = type.Name;
        int tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0) name = name[..tick];
        if (type.IsNested) name = Format(type.DeclaringType!) + "." + name;
        if (type.IsGenericType)
        {
            var args = type.GetGenericArguments();
            int own = type.IsNested ? args.Length - type.DeclaringType!.GetGenericArguments().Length : args.Length;
            if (own > 0)
            {
                var infos = nullability?.GenericTypeArguments;
                var shown = args.Skip(args.Length - own).Select((a, i) => Format(a, infos is { Length: > 0 } && infos.Length == args.Length ? infos[args.Length - own + i] : null));
                name += "<" + string.Join(", ", shown) + ">";
            }
        }
        return name + suffix;
    }
}
