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
            var field = unknown[index++];
            writer.WriteUnsignedVarInt32(field.Tag);
            writer.WriteUnsignedVarInt32(field.Data.Length);
            writer.WriteRaw(field.Data.Span);
        }
    }
}
