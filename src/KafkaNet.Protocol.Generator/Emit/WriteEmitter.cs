using System.Collections.Generic;
using KafkaNet.Protocol.Generator.Model;

namespace KafkaNet.Protocol.Generator.Emit;

/// <summary>Emits the Write method of a message or struct class.</summary>
internal static class WriteEmitter
{
    public static void Emit(CodeWriter w, EmitContext ctx, string className, List<FieldSpec> fields, bool isMessage)
    {
        w.Open("public void Write(ref " + EmitContext.Runtime + "KafkaWriter writer, short version)");
        if (isMessage)
        {
            w.Open("if (version < LowestVersion || version > HighestVersion)");
            w.Line("throw " + EmitContext.Runtime + "KafkaProtocolException.UnsupportedVersion(\"" + className + "\", version);");
            w.Close();
        }
        w.Line("bool flexible = " + ctx.FlexibleCondition + ";");
        foreach (var f in fields)
        {
            string inline = ctx.InlineFor(f);
            if (inline == "false")
            {
                continue;
            }
            ReadEmitter.OpenIf(w, inline);
            EmitValue(w, ctx, f, f.PropertyName, ctx.CompactFor(f), ctx.NullableFor(f));
            ReadEmitter.CloseIf(w, inline);
        }
        if (ctx.HasFlexibleVersions)
        {
            EmitTaggedSection(w, ctx, fields);
        }
        w.Close();
    }

    private static void EmitTaggedSection(CodeWriter w, EmitContext ctx, List<FieldSpec> fields)
    {
        var tagged = TaggedFieldsInOrder(ctx, fields);
        w.Open("if (flexible)");
        w.Line("var unknown = UnknownTaggedFields;");
        w.Line("int taggedCount = unknown?.Count ?? 0;");
        foreach (var f in tagged)
        {
            w.Line("bool has" + f.PropertyName + " = " + Present(ctx, f) + ";");
            w.Line("if (has" + f.PropertyName + ") taggedCount++;");
        }
        w.Line("writer.WriteUnsignedVarInt32(taggedCount);");
        w.Line("int unknownIndex = 0;");
        foreach (var f in tagged)
        {
            w.Line(EmitContext.Runtime + "TaggedFields.WriteUnknownBelow(ref writer, unknown, " + f.Tag!.Value + ", ref unknownIndex);");
            w.Open("if (has" + f.PropertyName + ")");
            w.Line("int fieldSize = 0;");
            SizeEmitter.EmitValue(w, ctx, f, f.PropertyName, "true", ctx.NullableFor(f), "fieldSize");
            w.Line("writer.WriteUnsignedVarInt32(" + f.Tag.Value + ");");
            w.Line("writer.WriteUnsignedVarInt32(fieldSize);");
            EmitValue(w, ctx, f, f.PropertyName, "true", ctx.NullableFor(f));
            w.Close();
        }
        w.Line(EmitContext.Runtime + "TaggedFields.WriteUnknownRest(ref writer, unknown, ref unknownIndex);");
        w.Close();
    }

    public static List<FieldSpec> TaggedFieldsInOrder(EmitContext ctx, List<FieldSpec> fields)
    {
        var tagged = new List<FieldSpec>();
        foreach (var f in fields)
        {
            if (ctx.TaggedFor(f) != "false")
            {
                tagged.Add(f);
            }
        }
        tagged.Sort((a, b) => a.Tag!.Value.CompareTo(b.Tag!.Value));
        return tagged;
    }

    /// <summary>A tagged field goes on the wire only in its versions and when it differs from its default.</summary>
    public static string Present(EmitContext ctx, FieldSpec f)
    {
        string tagged = ctx.TaggedFor(f);
        string differs = DefaultChecks.Differs(ctx, f, f.PropertyName);
        return tagged == "true" ? differs : "(" + tagged + ") && " + differs;
    }

    private static void EmitValue(CodeWriter w, EmitContext ctx, FieldSpec f, string value, string compact, string nullable)
    {
        string name = TypeMapping.Quote(ctx.Spec.Name + "." + f.Name);
        if (f.Type.IsArray)
        {
            string list = ctx.Local("list");
            w.Line("var " + list + " = " + value + ";");
            w.Open("if (" + list + " is null)");
            if (nullable == "false")
            {
                w.Line("throw " + EmitContext.Runtime + "KafkaProtocolException.NullValue(" + name + ", version);");
            }
            else
            {
                w.Line("if (!(" + nullable + ")) throw " + EmitContext.Runtime + "KafkaProtocolException.NullValue(" + name + ", version);");
                w.Line("writer.WriteArrayCount(-1, " + compact + ");");
            }
            w.Close();
            w.Open("else");
            w.Line("writer.WriteArrayCount(" + list + ".Count, " + compact + ");");
            string item = ctx.Local("item");
            w.Open("foreach (var " + item + " in " + list + ")");
            EmitElement(w, ctx, f, item, compact, name);
            w.Close();
            w.Close();
            return;
        }
        switch (f.Type.Kind)
        {
            case PrimitiveKind.String:
                w.Line(Choose(nullable, "writer.WriteNullableString(" + value + ", " + compact + ");", "writer.WriteString(" + value + ", " + compact + ", " + name + ");"));
                return;
            case PrimitiveKind.Bytes:
            case PrimitiveKind.Records:
                w.Line(Choose(nullable, "writer.WriteNullableBytes(" + value + ", " + compact + ");", "writer.WriteBytes(" + value + ", " + compact + ", " + name + ");"));
                return;
            case PrimitiveKind.Struct:
                if (nullable == "false")
                {
                    w.Line("(" + value + " ?? throw " + EmitContext.Runtime + "KafkaProtocolException.NullValue(" + name + ", version)).Write(ref writer, version);");
                }
                else
                {
                    w.Open("if (" + value + " is null)");
                    w.Line("if (!(" + nullable + ")) throw " + EmitContext.Runtime + "KafkaProtocolException.NullValue(" + name + ", version);");
                    w.Line("writer.WriteInt8(-1);");
                    w.Close();
                    w.Open("else");
                    w.Line("if (" + nullable + ") writer.WriteInt8(1);");
                    w.Line(value + ".Write(ref writer, version);");
                    w.Close();
                }
                return;
            default:
                w.Line("writer." + TypeMapping.WriterMethod(f.Type.Kind) + "(" + value + ");");
                return;
        }
    }

    private static void EmitElement(CodeWriter w, EmitContext ctx, FieldSpec f, string item, string compact, string name)
    {
        switch (f.Type.Kind)
        {
            case PrimitiveKind.String:
                w.Line("writer.WriteString(" + item + ", " + compact + ", " + name + ");");
                return;
            case PrimitiveKind.Bytes:
            case PrimitiveKind.Records:
                w.Line("writer.WriteBytes(" + item + ", " + compact + ", " + name + ");");
                return;
            case PrimitiveKind.Struct:
                w.Line("(" + item + " ?? throw " + EmitContext.Runtime + "KafkaProtocolException.NullValue(" + name + ", version)).Write(ref writer, version);");
                return;
            default:
                w.Line("writer." + TypeMapping.WriterMethod(f.Type.Kind) + "(" + item + ");");
                return;
        }
    }

    private static string Choose(string condition, string whenTrue, string whenFalse) =>
        condition == "true" ? whenTrue : condition == "false" ? whenFalse : "if (" + condition + ") " + whenTrue + " else " + whenFalse;
}
