using System.Buffers.Binary;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Groups.Records;

/// <summary>
/// Encodes and decodes the key and value bytes of <c>__consumer_offsets</c> records in Kafka's layout:
/// key = int16 record type + key struct (version 0), value = int16 version + value struct at that
/// version, null value = tombstone.
/// </summary>
public static class CoordinatorRecordSerde
{
    public static byte[] SerializeKey(CoordinatorRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Frame((short)record.Type, record.Key, CoordinatorRecordSchema.KeyVersion);
    }

    /// <summary>The value bytes, or null for a tombstone.</summary>
    public static byte[]? SerializeValue(CoordinatorRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Value is null ? null : Frame(record.ValueVersion, record.Value, record.ValueVersion);
    }

    /// <summary>
    /// Decodes one record. False, with <paramref name="problem"/> saying why, for bytes that are not a
    /// record of a known type: truncated, malformed, or a value version this broker does not read.
    /// True with a null <paramref name="record"/> (and <paramref name="problem"/> naming the type) for a
    /// well-formed key of a type this broker does not know, such as Kafka's streams-group
    /// records: loading skips those, as Kafka does. Never throws on any input.
    /// </summary>
    public static bool TryDeserialize(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool valueIsNull, out CoordinatorRecord? record, out string? problem)
    {
        record = null;
        if (key.Length < 2)
        {
            problem = $"a key of {key.Length} bytes has no record type";
            return false;
        }
        short type = BinaryPrimitives.ReadInt16BigEndian(key);
        var schema = CoordinatorRecordSchema.Find(type);
        if (schema is null)
        {
            problem = $"unknown record type {type}";
            return true;
        }
        if (!valueIsNull && value.Length < 2)
        {
            problem = $"a value of {value.Length} bytes has no version";
            return false;
        }
        short valueVersion = valueIsNull ? (short)0 : BinaryPrimitives.ReadInt16BigEndian(value);
        if (!valueIsNull && !schema.SupportsValueVersion(valueVersion))
        {
            problem = $"{schema.ValueType.Name} version {valueVersion} is not one of {schema.LowestValueVersion}-{schema.HighestValueVersion}";
            return false;
        }
        try
        {
            // Copies: decoded byte fields are slices of their buffer, and the caller's may be reused.
            var keyReader = new KafkaReader(key[2..].ToArray());
            var keyMessage = schema.ReadKey(ref keyReader, CoordinatorRecordSchema.KeyVersion);
            IKafkaMessage? valueMessage = null;
            if (!valueIsNull)
            {
                var valueReader = new KafkaReader(value[2..].ToArray());
                valueMessage = schema.ReadValue(ref valueReader, valueVersion);
            }
            var recordType = type == 0 ? CoordinatorRecordType.OffsetCommit : (CoordinatorRecordType)type;
            record = new CoordinatorRecord(recordType, keyMessage, valueVersion, valueMessage);
            problem = null;
            return true;
        }
        catch (KafkaProtocolException e)
        {
            problem = $"record type {type}: {e.Message}";
            return false;
        }
    }

    private static byte[] Frame(short prefix, IKafkaMessage message, short version)
    {
        var bytes = new byte[2 + message.Size(version)];
        BinaryPrimitives.WriteInt16BigEndian(bytes, prefix);
        var writer = new KafkaWriter(bytes.AsSpan(2));
        message.Write(ref writer, version);
        return bytes;
    }
}
