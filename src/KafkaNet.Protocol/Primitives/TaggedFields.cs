namespace KafkaNet.Protocol;

/// <summary>Helpers that generated code uses to merge unknown tagged fields with known ones in tag order.</summary>
public static class TaggedFields
{
    /// <summary>Writes the unknown fields from <paramref name="index"/> whose tag is below <paramref name="tag"/>.</summary>
    public static void WriteUnknownBelow(ref KafkaWriter writer, List<RawTaggedField>? unknown, int tag, ref int index)
    {
        if (unknown is null)
        {
            return;
        }
        while (index < unknown.Count && unknown[index].Tag < tag)
        {
            Write(ref writer, unknown[index++]);
        }
    }

    /// <summary>
    /// Writes the unknown fields from <paramref name="index"/> on, after the last known one. Every tag
    /// counts, int.MaxValue included: Size counted them all, so Write must write them all.
    /// </summary>
    public static void WriteUnknownRest(ref KafkaWriter writer, List<RawTaggedField>? unknown, ref int index)
    {
        if (unknown is null)
        {
            return;
        }
        while (index < unknown.Count)
        {
            Write(ref writer, unknown[index++]);
        }
    }

    private static void Write(ref KafkaWriter writer, RawTaggedField field)
    {
        writer.WriteUnsignedVarInt32(field.Tag);
        writer.WriteUnsignedVarInt32(field.Data.Length);
        writer.WriteRaw(field.Data.Span);
    }
}
