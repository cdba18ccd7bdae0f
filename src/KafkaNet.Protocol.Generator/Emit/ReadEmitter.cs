using System.Collections.Generic;
using KafkaNet.Protocol.Generator.Model;

namespace KafkaNet.Protocol.Generator.Emit;

/// <summary>Emits the static Read method of a message or struct class.</summary>
internal static class ReadEmitter
{
    public static void Emit(CodeWriter w, EmitContext ctx, string className, List<FieldSpec> fields, bool isMessage)
    {
        w.Open("public static " + className + " Read(ref " + EmitContext.Runtime + "KafkaReader reader, short version)");
        if (isMessage)
        {
            w.Open("if (version < LowestVersion || version > HighestVersion)");
            w.Line("throw " + EmitContext.Runtime + "KafkaProtocolException.UnsupportedVersion(\"" + className + "\", version);");
            w.Close();
        }
        w.Line("var result = new " + className + "();");
        w.Line("bool flexible = " + ctx.FlexibleCondition + ";");
        foreach (var f in fields)
        {
            string inline = ctx.InlineFor(f);
            if (inline == "false")
            {
                continue;
            }
            OpenIf(w, inline);
            EmitValue(w, ctx, f, "reader", "result." + f.PropertyName, ctx.CompactFor(f), ctx.NullableFor(f));
            CloseIf(w, inline);
        }
        if (ctx.HasFlexibleVersions)
        {
            EmitTaggedSection(w, ctx, fields);
        }
        w.Line("return result;");
        w.Close();
    }

    private static void EmitTaggedSection(CodeWriter w, EmitContext ctx, List<FieldSpec> fields)
    {
        w.Open("if (flexible)");
        w.Line("int tagCount = reader.ReadUnsignedVarInt32();");
        w.Open("for (int tagIndex = 0; tagIndex < tagCount; tagIndex++)");
        w.Line("int tag = reader.ReadUnsignedVarInt32();");
        w.Line("int tagSize = reader.ReadUnsignedVarInt32();");
        w.Open("switch (tag)");
        foreach (var f in fields)
        {
            string tagged = ctx.TaggedFor(f);
            if (tagged == "false")
            {
                continue;
            }
            w.Line("case " + f.Tag!.Value + ":");
            w.Open("");
            OpenIf(w, tagged);
            string sub = ctx.Local("tagReader");
            w.Line("var " + sub + " = reader.ReadSubReader(tagSize);");
            EmitValue(w, ctx, f, sub, "result." + f.PropertyName, "true", ctx.NullableFor(f));
            w.Line(sub + ".EnsureConsumed();");
            w.Line("break;");
            CloseIf(w, tagged);
            if (tagged != "true")
            {
                w.Line("goto default;");
            }
            w.Close();
        }
        w.Line("default:");
        w.Line("    (result.UnknownTaggedFields ??= new()).Add(reader.ReadRawTaggedField(tag, tagSize));");
        w.Line("    break;");
        w.Close();
        w.Close();
        w.Close();
    }

    /// <summary>Reads one field value from <paramref name="reader"/> into <paramref name="target"/>.</summary>
    private static void EmitValue(CodeWriter w, EmitContext ctx, FieldSpec f, string reader, string target, string compact, string nullable)
    {
        if (f.Type.IsArray)
        {
            string count = ctx.Local("count");
            string list = ctx.Local("list");
            string i = ctx.Local("i");
            string element = ctx.ClassOf(f);
            w.Line("int " + count + " = " + reader + ".ReadArrayCount(" + compact + ", " + nullable + ", " + ctx.MinimumElementSize(f) + ");");
            if (nullable != "false")
            {
                w.Line("if (" + count + " < 0) " + target + " = null; else");
            }
            w.Open("");
            w.Line("var " + list + " = new global::System.Collections.Generic.List<" + element + ">(global::System.Math.Min(" + count + ", 1024));");
            w.Open("for (int " + i + " = 0; " + i + " < " + count + "; " + i + "++)");
            w.Line(list + ".Add(" + Element(ctx, f, reader, compact) + ");");
            w.Close();
            w.Line(target + " = " + list + ";");
            w.Close();
            return;
        }
        switch (f.Type.Kind)
        {
            case PrimitiveKind.String:
                w.Line(target + " = " + Choose(nullable, reader + ".ReadNullableString(" + compact + ")", reader + ".ReadString(" + compact + ")") + ";");
                return;
            case PrimitiveKind.Bytes:
            case PrimitiveKind.Records:
                w.Line(target + " = " + Choose(nullable, reader + ".ReadNullableBytes(" + compact + ")", reader + ".ReadBytes(" + compact + ")") + ";");
                return;
            case PrimitiveKind.Struct:
                string read = ctx.ClassOf(f) + ".Read(ref " + reader + ", version)";
                if (nullable == "false")
                {
                    w.Line(target + " = " + read + ";");
                }
                else
                {
                    w.Line(target + " = " + (nullable == "true" ? "" : "!(" + nullable + ") || ") + reader + ".ReadInt8() >= 0 ? " + read + " : null;");
                }
                return;
            default:
                w.Line(target + " = " + reader + "." + TypeMapping.ReaderMethod(f.Type.Kind) + "();");
                return;
        }
    }

    private static string Element(EmitContext ctx, FieldSpec f, string reader, string compact)
    {
        switch (f.Type.Kind)
        {
            case PrimitiveKind.String: return reader + ".ReadString(" + compact + ")";
            case PrimitiveKind.Bytes:
            case PrimitiveKind.Records: return reader + ".ReadBytes(" + compact + ")";
            case PrimitiveKind.Struct: return ctx.ClassOf(f) + ".Read(ref " + reader + ", version)";
            default: return reader + "." + TypeMapping.ReaderMethod(f.Type.Kind) + "()";
        }
    }

    private static string Choose(string condition, string whenTrue, string whenFalse) =>
        condition == "true" ? whenTrue : condition == "false" ? whenFalse : "(" + condition + ") ? " + whenTrue + " : " + whenFalse;

    public static void OpenIf(CodeWriter w, string condition)
    {
        if (condition != "true")
        {
            w.Open("if (" + condition + ")");
        }
    }

    public static void CloseIf(CodeWriter w, string condition)
    {
        if (condition != "true")
        {
            w.Close();
        }
    }
}
