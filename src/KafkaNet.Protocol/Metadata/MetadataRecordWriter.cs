using KafkaNet.Protocol.Messages;

namespace KafkaNet.Protocol.Metadata;

/// <summary>
/// Encodes metadata records. One record is a frame: unsigned varints for the frame version (1, as
/// Kafka writes), the record type and the record version, then the record body. A batch, the
/// content of one metadata log entry, is an unsigned varint count followed by each frame behind
/// its unsigned varint length.
/// </summary>
public static class MetadataRecordWriter
{
    /// <summary>The only frame version Kafka writes and reads.</summary>
    public const short FrameVersion = 1;

    /// <summary>The size of one record's frame.</summary>
    public static int FrameSize(MetadataRecord record)
    {
        short type = Check(record);
        return KafkaSizes.UnsignedVarInt(FrameVersion) + KafkaSizes.UnsignedVarInt(type)
            + KafkaSizes.UnsignedVarInt(record.Version) + record.Message.Size(record.Version);
    }

    /// <summary>Writes one record's frame; the writer must have <see cref="FrameSize"/> bytes left.</summary>
    public static void WriteFrame(MetadataRecord record, ref KafkaWriter writer)
    {
        short type = Check(record);
        writer.WriteUnsignedVarInt32(FrameVersion);
        writer.WriteUnsignedVarInt32(type);
        writer.WriteUnsignedVarInt32(record.Version);
        record.Message.Write(ref writer, record.Version);
    }

    /// <summary>One record's frame as a new array, e.g. the value of a record in a log batch.</summary>
    public static byte[] ToFrame(MetadataRecord record)
    {
        var bytes = new byte[FrameSize(record)];
        var writer = new KafkaWriter(bytes);
        WriteFrame(record, ref writer);
        return bytes;
    }

    /// <summary>A batch of records as one array: count, then each frame behind its length.</summary>
    public static byte[] ToBatch(IReadOnlyList<MetadataRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var sizes = new int[records.Count];
        long total = KafkaSizes.UnsignedVarInt(records.Count);
        for (int i = 0; i < records.Count; i++)
        {
            sizes[i] = FrameSize(records[i]);
            total += KafkaSizes.UnsignedVarInt(sizes[i]) + sizes[i];
        }
        if (total > Array.MaxLength)
        {
            throw new ArgumentException($"a batch of {total} bytes is too large", nameof(records));
        }
        var bytes = new byte[total];
        var writer = new KafkaWriter(bytes);
        writer.WriteUnsignedVarInt32(records.Count);
        for (int i = 0; i < records.Count; i++)
        {
            writer.WriteUnsignedVarInt32(sizes[i]);
            int start = writer.Position;
            WriteFrame(records[i], ref writer);
            if (writer.Position - start != sizes[i])
            {
                throw new InvalidOperationException($"record {i} wrote {writer.Position - start} bytes, not {sizes[i]}");
            }
        }
        return bytes;
    }

    private static short Check(MetadataRecord record)
    {
        if (record.Message == null)
        {
            throw new ArgumentException("a metadata record needs a message", nameof(record));
        }
        short type = record.Type;
        if (!MetadataRecordTable.TryGetVersions(type, out short lowest, out short highest))
        {
            throw new ArgumentException($"{record.Message.GetType().Name} is not a metadata record", nameof(record));
        }
        if (record.Version < lowest || record.Version > highest)
        {
            throw new ArgumentException($"{MetadataRecordTable.NameOf(type)} has no version {record.Version} (versions {lowest}-{highest})", nameof(record));
        }
        return type;
    }
}
