using System;
using System.Globalization;
using KafkaNet.Protocol.Generator.Model;

namespace KafkaNet.Protocol.Generator.Emit;

/// <summary>How each wire type maps to C#: type names, defaults and fixed sizes.</summary>
internal static class TypeMapping
{
    public static string ElementType(FieldType type, MessageSpec spec)
    {
        switch (type.Kind)
        {
            case PrimitiveKind.Bool: return "bool";
            case PrimitiveKind.Int8: return "sbyte";
            case PrimitiveKind.Int16: return "short";
            case PrimitiveKind.UInt16: return "ushort";
            case PrimitiveKind.Int32: return "int";
            case PrimitiveKind.UInt32: return "uint";
            case PrimitiveKind.Int64: return "long";
            case PrimitiveKind.Float64: return "double";
            case PrimitiveKind.Uuid: return "global::System.Guid";
            case PrimitiveKind.String: return "string";
            case PrimitiveKind.Bytes:
            case PrimitiveKind.Records: return "global::System.ReadOnlyMemory<byte>";
            default: return "global::" + MessageEmitter.Namespace + "." + spec.Name + "." + spec.Structs[type.StructName!].ClassName;
        }
    }

    /// <summary>The property type. Reference types are nullable when any version allows null.</summary>
    public static string PropertyType(FieldSpec f, MessageSpec spec)
    {
        string element = ElementType(f.Type, spec);
        if (f.Type.IsArray)
        {
            return "global::System.Collections.Generic.List<" + element + ">" + (f.IsNullableSomewhere || IsNullDefault(f) ? "?" : "");
        }
        if (f.IsNullableSomewhere || IsNullDefault(f))
        {
            return element + "?";
        }
        return element;
    }

    public static bool IsNullDefault(FieldSpec f) => f.Default == "null";

    /// <summary>Fixed wire size of one element, or 0 when it varies.</summary>
    public static int FixedSize(PrimitiveKind kind)
    {
        switch (kind)
        {
            case PrimitiveKind.Bool:
            case PrimitiveKind.Int8: return 1;
            case PrimitiveKind.Int16:
            case PrimitiveKind.UInt16: return 2;
            case PrimitiveKind.Int32:
            case PrimitiveKind.UInt32: return 4;
            case PrimitiveKind.Int64:
            case PrimitiveKind.Float64: return 8;
            case PrimitiveKind.Uuid: return 16;
            default: return 0;
        }
    }

    /// <summary>The smallest number of bytes one array element can take, to bound array counts.</summary>
    public static int MinimumElementSize(PrimitiveKind kind)
    {
        int size = FixedSize(kind);
        return size == 0 ? 1 : size;
    }

    public static string ReaderMethod(PrimitiveKind kind)
    {
        switch (kind)
        {
            case PrimitiveKind.Bool: return "ReadBool";
            case PrimitiveKind.Int8: return "ReadInt8";
            case PrimitiveKind.Int16: return "ReadInt16";
            case PrimitiveKind.UInt16: return "ReadUInt16";
            case PrimitiveKind.Int32: return "ReadInt32";
            case PrimitiveKind.UInt32: return "ReadUInt32";
            case PrimitiveKind.Int64: return "ReadInt64";
            case PrimitiveKind.Float64: return "ReadFloat64";
            case PrimitiveKind.Uuid: return "ReadUuid";
            default: throw new InvalidOperationException(kind.ToString());
        }
    }

    public static string WriterMethod(PrimitiveKind kind) => "Write" + ReaderMethod(kind).Substring(4);

    /// <summary>The C# initializer for a field's default value.</summary>
    public static string DefaultLiteral(FieldSpec f, MessageSpec spec)
    {
        if (f.Type.IsArray)
        {
            return IsNullDefault(f) ? "null" : "new()";
        }
        string? d = f.Default;
        switch (f.Type.Kind)
        {
            case PrimitiveKind.Bool:
                return d == "true" ? "true" : "false";
            case PrimitiveKind.Int8:
            case PrimitiveKind.Int16:
            case PrimitiveKind.UInt16:
            case PrimitiveKind.Int32:
            case PrimitiveKind.UInt32:
            case PrimitiveKind.Int64:
                return IntegerLiteral(f, d);
            case PrimitiveKind.Float64:
                return d == null ? "0d" : double.Parse(d, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture) + "d";
            case PrimitiveKind.Uuid:
                return "global::System.Guid.Empty";
            case PrimitiveKind.String:
                return d == "null" ? "null" : Quote(d ?? "");
            case PrimitiveKind.Bytes:
            case PrimitiveKind.Records:
                return d == "null" ? "null" : "global::System.ReadOnlyMemory<byte>.Empty";
            default:
                return d == "null" ? "null" : "new()";
        }
    }

    private static string IntegerLiteral(FieldSpec f, string? text)
    {
        if (text == null || text.Length == 0)
        {
            return "0";
        }
        long value;
        bool negative = text.StartsWith("-", StringComparison.Ordinal);
        string digits = negative ? text.Substring(1) : text;
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            value = long.Parse(digits.Substring(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
        else if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            throw new SpecException(f.Name + ": default '" + text + "' is not a number", 0);
        }
        if (negative)
        {
            value = -value;
        }
        CheckRange(f, value);
        string literal = value.ToString(CultureInfo.InvariantCulture);
        switch (f.Type.Kind)
        {
            case PrimitiveKind.Int8: return "(sbyte)" + Paren(literal);
            case PrimitiveKind.Int16: return "(short)" + Paren(literal);
            case PrimitiveKind.UInt16: return "(ushort)" + literal;
            case PrimitiveKind.UInt32: return literal + "u";
            case PrimitiveKind.Int64: return literal + "L";
            default: return literal;
        }
    }

    private static void CheckRange(FieldSpec f, long value)
    {
        long min, max;
        switch (f.Type.Kind)
        {
            case PrimitiveKind.Int8: min = sbyte.MinValue; max = sbyte.MaxValue; break;
            case PrimitiveKind.Int16: min = short.MinValue; max = short.MaxValue; break;
            case PrimitiveKind.UInt16: min = 0; max = ushort.MaxValue; break;
            case PrimitiveKind.Int32: min = int.MinValue; max = int.MaxValue; break;
            case PrimitiveKind.UInt32: min = 0; max = uint.MaxValue; break;
            default: return;
        }
        if (value < min || value > max)
        {
            throw new SpecException(f.Name + ": default " + value + " does not fit " + f.Type.Kind, 0);
        }
    }

    private static string Paren(string literal) => literal.StartsWith("-", StringComparison.Ordinal) ? "(" + literal + ")" : literal;

    public static string Quote(string s)
    {
        var sb = new System.Text.StringBuilder("\"");
        foreach (char c in s)
        {
            if (c == '"' || c == '\\')
            {
                sb.Append('\\').Append(c);
            }
            else if (c < ' ')
            {
                sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.Append('"').ToString();
    }
}
