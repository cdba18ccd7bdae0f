using System.Buffers.Binary;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Shares;

/// <summary>
/// Encodes and decodes <c>__share_group_state</c> records in Kafka's layout: key = int16 record type + key
/// struct, value = int16 version + value struct, null value = tombstone.
/// </summary>
public static class ShareStateRecordSerde
{
    private const short KeyVersion = 0;

    public static byte[] SerializeKey(ShareStateRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var (group, topic, partition) = record.Key;
        IKafkaMessage key = record.Type == ShareStateRecordType.ShareSnapshot
            ? new ShareSnapshotKey { GroupId = group, TopicId = topic, Partition = partition }
            : new ShareUpdateKey { GroupId = group, TopicId = topic, Partition = partition };
        return WithPrefix((short)record.Type, key, KeyVersion);
    }

    /// <summary>The value bytes, or null for a tombstone.</summary>
    public static byte[]? SerializeValue(ShareStateRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        IKafkaMessage? value = (IKafkaMessage?)record.Snapshot ?? record.Update;
        return value is null ? null : WithPrefix(ShareStateRecord.ValueVersion, value, ShareStateRecord.ValueVersion);
    }

    /// <summary>
    /// Decodes one record. False, with <paramref name="problem"/> saying why, for bytes that are not a
    /// record of a known type at a known version. Never throws on any input.
    /// </summary>
    public static bool TryDeserialize(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool valueIsNull, out ShareStateRecord? record, out string? problem)
    {
        record = null;
        if (key.Length < 2 || (!valueIsNull && value.Length < 2))
        {
            problem = "a key or value too short to hold its type or version";
            return false;
        }
        var type = (ShareStateRecordType)BinaryPrimitives.ReadInt16BigEndian(key);
        if (!Enum.IsDefined(type))
        {
            problem = $"unknown record type {(short)type}";
            return false;
        }
        short version = valueIsNull ? ShareStateRecord.ValueVersion : BinaryPrimitives.ReadInt16BigEndian(value);
        if (version != ShareStateRecord.ValueVersion)
        {
            problem = $"{type} value version {version} is not {ShareStateRecord.ValueVersion}";
            return false;
        }
        try
        {
            // Copies: the caller's buffers may be reused after this returns.
            var keyReader = new KafkaReader(key[2..].ToArray());
            byte[]? valueBytes = valueIsNull ? null : value[2..].ToArray();
            record = type == ShareStateRecordType.ShareSnapshot ? ReadSnapshot(ref keyReader, valueBytes) : ReadUpdate(ref keyReader, valueBytes);
            problem = null;
            return true;
        }
        catch (KafkaProtocolException e)
        {
            problem = $"{type}: {e.Message}";
            return false;
        }
    }

    private static ShareStateRecord ReadSnapshot(ref KafkaReader keyReader, byte[]? value)
    {
        var key = ShareSnapshotKey.Read(ref keyReader, KeyVersion);
        var partitionKey = new SharePartitionKey(key.GroupId, key.TopicId, key.Partition);
        if (value is null) return ShareStateRecord.Tombstone(ShareStateRecordType.ShareSnapshot, partitionKey);
        var valueReader = new KafkaReader(value);
        return ShareStateRecord.ForSnapshot(partitionKey, ShareSnapshotValue.Read(ref valueReader, ShareStateRecord.ValueVersion));
    }

    private static ShareStateRecord ReadUpdate(ref KafkaReader keyReader, byte[]? value)
    {
        var key = ShareUpdateKey.Read(ref keyReader, KeyVersion);
        var partitionKey = new SharePartitionKey(key.GroupId, key.TopicId, key.Partition);
        if (value is null) return ShareStateRecord.Tombstone(ShareStateRecordType.ShareUpdate, partitionKey);
        var valueReader = new KafkaReader(value);
        return ShareStateRecord.ForUpdate(partitionKey, ShareUpdateValue.Read(ref valueReader, ShareStateRecord.ValueVersion));
    }

    private static byte[] WithPrefix(short prefix, IKafkaMessage message, short version)
    {
        int size = message.Size(version);
        var bytes = new byte[sizeof(short) + size];
        BinaryPrimitives.WriteInt16BigEndian(bytes.AsSpan(0, sizeof(short)), prefix);
        var writer = new KafkaWriter(bytes.AsSpan(sizeof(short)));
        message.Write(ref writer, version);
        return bytes;
    }
}
