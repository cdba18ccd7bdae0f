using KafkaNet.Protocol.Generator.Model;

namespace KafkaNet.Protocol.Generator.Emit;

/// <summary>Expressions that tell whether a value differs from its field's default.</summary>
internal static class DefaultChecks
{
    public static string Differs(EmitContext ctx, FieldSpec f, string value)
    {
        bool nullDefault = TypeMapping.IsNullDefault(f);
        if (f.Type.IsArray)
        {
            return nullDefault ? value + " is not null" : "(" + value + " is null || " + value + ".Count != 0)";
        }
        switch (f.Type.Kind)
        {
            case PrimitiveKind.Uuid:
                return value + " != global::System.Guid.Empty";
            case PrimitiveKind.String:
                return nullDefault
                    ? value + " is not null"
                    : "!string.Equals(" + value + ", " + TypeMapping.DefaultLiteral(f, ctx.Spec) + ", global::System.StringComparison.Ordinal)";
            case PrimitiveKind.Bytes:
            case PrimitiveKind.Records:
                if (nullDefault)
                {
                    return value + ".HasValue";
                }
                return f.IsNullableSomewhere ? "(!" + value + ".HasValue || " + value + ".Value.Length != 0)" : value + ".Length != 0";
            case PrimitiveKind.Struct:
                return nullDefault ? value + " is not null" : "(" + value + " is null || !" + value + ".IsDefaultValue())";
            case PrimitiveKind.Float64:
                return "!" + value + ".Equals(" + TypeMapping.DefaultLiteral(f, ctx.Spec) + ")";
            default:
                return value + " != " + TypeMapping.DefaultLiteral(f, ctx.Spec);
        }
    }
}
