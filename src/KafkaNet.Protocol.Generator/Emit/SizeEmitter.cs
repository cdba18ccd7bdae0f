using System.Collections.Generic;
using KafkaNet.Protocol.Generator.Model;

namespace KafkaNet.Protocol.Generator.Emit;

/// <summary>Emits the Size method: the exact number of bytes Write will produce.</summary>
internal static class SizeEmitter
{
    public static void Emit(CodeWriter w, EmitContext ctx, List<FieldSpec> fields)
    {
        w.Open("public int Size(short version)");
        w.Line("int size = 0;");
        w.Line("bool flexible = " + ctx.FlexibleCondition + ";");
        foreach (var f in fields)
        {
            string inline = ctx.InlineFor(f);
            if (inline == "false")
            {
                continue;
            }
            ReadEmitter.OpenIf(w, inline);
            EmitValue(w, ctx, f, f.PropertyName, ctx.CompactFor(f), ctx.NullableFor(f), "size");
            ReadEmitter.CloseIf(w, inline);
        }
        if (ctx.HasFlexibleVersions)
        {
            w.Open("if (flexible)");
            w.Line("int taggedCount = 0;");
            w.Open("if (UnknownTaggedFields is { } unknown)");
            w.Line("taggedCount = unknown.Count;");
            w.Line("foreach (var raw in unknown) size += raw.WireSize;");
            w.Close();
            foreach (var f in WriteEmitter.TaggedFieldsInOrder(ctx, fields))
            {
                w.Open("if (" + WriteEmitter.Present(ctx, f) + ")");
                w.Line("int fieldSize = 0;");
                EmitValue(w, ctx, f, f.PropertyName, "true", ctx.NullableFor(f), "fieldSize");
                w.Line("taggedCount++;");
                w.Line("size += " + EmitContext.Runtime + "KafkaSizes.UnsignedVarInt(" + f.Tag!.Value + ") + " + EmitContext.Runtime + "KafkaSizes.UnsignedVarInt(fieldSize) + fieldSize;");
                w.Close();
            }
            w.Line("size += " + EmitContext.Runtime + "KafkaSizes.UnsignedVarInt(taggedCount);");
            w.Close();
        }
        w.Line("return size;");
        w.Close();
    }

    /// <summary>Adds the encoded size of one field value to <paramref name="accumulator"/>.</summary>
    public static void EmitValue(CodeWriter w, EmitContext ctx, FieldSpec f, string value, string compact, string nullable, string accumulator)
    {
        string sizes = EmitContext.Runtime + "KafkaSizes.";
        string name = TypeMapping.Quote(ctx.Spec.Name + "." + f.Name);
        if (f.Type.IsArray)
        {
            string list = ctx.Local("list");
            w.Line("var " + list + " = " + value + ";");
            w.Line(accumulator + " += " + sizes + "ArrayCount(" + list + " is null ? -1 : " + list + ".Count, " + compact + ");");
            w.Open("if (" + list + " is not null)");
            int fixedSize = TypeMapping.FixedSize(f.Type.Kind);
            if (fixedSize > 0)
            {
                w.Line(accumulator + " += " + list + ".Count * " + fixedSize + ";");
            }
            else
            {
                string item = ctx.Local("item");
                w.Open("foreach (var " + item + " in " + list + ")");
                w.Line(accumulator + " += " + Element(ctx, f, item, compact, name) + ";");
                w.Close();
            }
            w.Close();
            return;
        }
        switch (f.Type.Kind)
        {
            case PrimitiveKind.String:
                w.Line(accumulator + " += " + Choose(nullable, sizes + "NullableString(" + value + ", " + compact + ")", sizes + "String(" + value + ", " + compact + ")") + ";");
                return;
            case PrimitiveKind.Bytes:
            case PrimitiveKind.Records:
                w.Line(accumulator + " += " + Choose(nullable, sizes + "NullableBytes(" + value + ", " + compact + ")", sizes + "Bytes(" + value + ", " + compact + ")") + ";");
                return;
            case PrimitiveKind.Struct:
                if (nullable != "false")
                {
                    w.Line("if (" + nullable + ") " + accumulator + " += 1;");
                    w.Line("if (" + value + " is not null) " + accumulator + " += " + value + ".Size(version);");
                }
                else
                {
                    w.Line(accumulator + " += (" + value + " ?? throw " + EmitContext.Runtime + "KafkaProtocolException.NullValue(" + name + ", version)).Size(version);");
                }
                return;
            default:
                w.Line(accumulator + " += " + TypeMapping.FixedSize(f.Type.Kind) + ";");
                return;
        }
    }

    private static string Element(EmitContext ctx, FieldSpec f, string item, string compact, string name)
    {
        string sizes = EmitContext.Runtime + "KafkaSizes.";
        switch (f.Type.Kind)
        {
            case PrimitiveKind.String: return sizes + "String(" + item + ", " + compact + ")";
            case PrimitiveKind.Bytes:
            case PrimitiveKind.Records: return sizes + "Bytes(" + item + ", " + compact + ")";
            default: return "(" + item + " ?? throw " + EmitContext.Runtime + "KafkaProtocolException.NullValue(" + name + ", version)).Size(version)";
        }
    }

    private static string Choose(string condition, string whenTrue, string whenFalse) =>
        condition == "true" ? whenTrue : condition == "false" ? whenFalse : "((" + condition + ") ? " + whenTrue + " : " + whenFalse + ")";
}
