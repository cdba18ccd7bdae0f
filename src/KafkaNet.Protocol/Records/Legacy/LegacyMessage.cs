namespace KafkaNet.Protocol.Records.Legacy;

/// <summary>
/// One logical message of a v0/v1 set after unwrapping: absolute offset, timestamp and payload. Key and value are
/// views into the source bytes or into the owning <see cref="LegacyMessageSet"/>'s decompression buffers.
/// </summary>
public readonly struct LegacyMessage
{
    public LegacyMessage(byte magic, long offset, long timestamp, TimestampType timestampType, ReadOnlyMemory<byte>? key, ReadOnlyMemory<byte>? value)
    {
        Magic = magic;
        Offset = offset;
        Timestamp = timestamp;
        TimestampType = timestampType;
        Key = key;
        Value = value;
    }

    public byte Magic { get; }

    public long Offset { get; }

    /// <summary>Create or log-append time; <see cref="LegacyMessageFormat.NoTimestamp"/> for magic 0.</summary>
    public long Timestamp { get; }

    public TimestampType TimestampType { get; }

    /// <summary>Null when the key is null on the wire.</summary>
    public ReadOnlyMemory<byte>? Key { get; }

    /// <summary>Null when the value is null on the wire (a tombstone).</summary>
    public ReadOnlyMemory<byte>? Value { get; }
}
