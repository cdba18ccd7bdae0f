namespace KafkaNet.Protocol.Generator.Model;

internal enum PrimitiveKind
{
    Bool,
    Int8,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    Float64,
    Uuid,
    String,
    Bytes,
    Records,
    Struct,
}

/// <summary>A field's wire type: a primitive, a struct, or an array of either.</summary>
internal sealed class FieldType
{
    private FieldType(PrimitiveKind kind, bool isArray, string? structName)
    {
        Kind = kind;
        IsArray = isArray;
        StructName = structName;
    }

    public PrimitiveKind Kind { get; }

    public bool IsArray { get; }

    /// <summary>The spec's struct type name (before any renaming).</summary>
    public string? StructName { get; }

    public bool IsStruct => Kind == PrimitiveKind.Struct;

    public static FieldType Parse(string text)
    {
        bool isArray = text.StartsWith("[]", System.StringComparison.Ordinal);
        string element = isArray ? text.Substring(2) : text;
        switch (element)
        {
            case "bool": return new FieldType(PrimitiveKind.Bool, isArray, null);
            case "int8": return new FieldType(PrimitiveKind.Int8, isArray, null);
            case "int16": return new FieldType(PrimitiveKind.Int16, isArray, null);
            case "uint16": return new FieldType(PrimitiveKind.UInt16, isArray, null);
            case "int32": return new FieldType(PrimitiveKind.Int32, isArray, null);
            case "uint32": return new FieldType(PrimitiveKind.UInt32, isArray, null);
            case "int64": return new FieldType(PrimitiveKind.Int64, isArray, null);
            case "float64": return new FieldType(PrimitiveKind.Float64, isArray, null);
            case "uuid": return new FieldType(PrimitiveKind.Uuid, isArray, null);
            case "string": return new FieldType(PrimitiveKind.String, isArray, null);
            case "bytes": return new FieldType(PrimitiveKind.Bytes, isArray, null);
            case "records": return new FieldType(PrimitiveKind.Records, isArray, null);
        }
        if (element.Length == 0 || !char.IsUpper(element[0]))
        {
            throw new System.FormatException("unknown type '" + text + "'");
        }
        foreach (char c in element)
        {
            if (!char.IsLetterOrDigit(c))
            {
                throw new System.FormatException("unknown type '" + text + "'");
            }
        }
        return new FieldType(PrimitiveKind.Struct, isArray, element);
    }
}
