using KafkaNet.Protocol.Messages;

namespace KafkaNet.Protocol.Metadata;

/// <summary>
/// Decodes what <see cref="MetadataRecordWriter"/> encodes. Every length and count is checked
/// against the bytes present before anything is allocated; bad input throws
/// <see cref="KafkaProtocolException"/> naming the problem.
/// </summary>
public static class MetadataRecordReader
{
    // Frame version, type and version take a byte each, and a flexible body at least its tag count.
    private const int MinimumFrameSize = 4;

    /// <summary>Decodes one frame, which must be consumed exactly.</summary>
    public static MetadataRecord ReadFrame(ReadOnlyMemory<byte> frame)
    {
        var reader = new KafkaReader(frame);
        var record = ReadFrame(ref reader);
        if (reader.Remaining > 0)
        {
            throw KafkaProtocolException.Malformed(
                $"{reader.Remaining} byte(s) left over after metadata record {MetadataRecordTable.NameOf(record.Type)}");
        }
        return record;
    }

    /// <summary>Decodes a batch: a count, then each frame behind its length.</summary>
    public static List<MetadataRecord> ReadBatch(ReadOnlyMemory<byte> batch)
    {
        var reader = new KafkaReader(batch);
        int count = ReadVarInt(ref reader, "record count");
        // Each record needs a length byte and a frame, so the count cannot exceed what is present.
        if (count > reader.Remaining / (1 + MinimumFrameSize))
        {
            throw KafkaProtocolException.Malformed($"metadata batch claims {count} records but holds {reader.Remaining} bytes");
        }
        var records = new List<MetadataRecord>(count);
        for (int i = 0; i < count; i++)
        {
            int length = ReadVarInt(ref reader, "record length");
            if (length > reader.Remaining)
            {
                throw KafkaProtocolException.Malformed($"metadata record {i} claims {length} bytes but {reader.Remaining} remain");
            }
            records.Add(ReadFrame(reader.Slice(length)));
        }
        if (reader.Remaining > 0)
        {
            throw KafkaProtocolException.Malformed($"{reader.Remaining} byte(s) left over after a metadata batch of {count} records");
        }
        return records;
    }

    private static MetadataRecord ReadFrame(ref KafkaReader reader)
    {
        int frameVersion = ReadVarInt(ref reader, "frame version");
        if (frameVersion != MetadataRecordWriter.FrameVersion)
        {
            throw KafkaProtocolException.Malformed(
                $"unknown metadata frame version {frameVersion}; only {MetadataRecordWriter.FrameVersion} is supported");
        }
        int type = ReadVarInt(ref reader, "record type");
        int version = ReadVarInt(ref reader, "record version");
        if (type > short.MaxValue || !MetadataRecordTable.TryGetVersions((short)type, out short lowest, out short highest))
        {
            throw KafkaProtocolException.Malformed($"unknown metadata record type {type}");
        }
        string name = MetadataRecordTable.NameOf((short)type)!;
        if (version < lowest || version > highest)
        {
            throw KafkaProtocolException.Malformed($"{name} has no version {version} (versions {lowest}-{highest})");
        }
        try
        {
            return new MetadataRecord(MetadataRecordTable.Read((short)type, ref reader, (short)version), (short)version);
        }
        catch (KafkaProtocolException e)
        {
            throw new KafkaProtocolException($"cannot decode {name} version {version}: {e.Message}", e);
        }
    }

    private static int ReadVarInt(ref KafkaReader reader, string what)
    {
        try
        {
            return reader.ReadUnsignedVarInt32();
        }
        catch (KafkaProtocolException e)
        {
            throw new KafkaProtocolException($"cannot read the metadata {what}: {e.Message}", e);
        }
    }
}
