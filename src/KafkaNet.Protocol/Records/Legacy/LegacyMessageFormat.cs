using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using KafkaNet.Protocol.Compression;

namespace KafkaNet.Protocol.Records.Legacy;

/// <summary>
/// Layout of message formats v0 and v1: [offset int64][size int32] then a message
/// [crc uint32][magic int8][attributes int8][timestamp int64, v1 only][key bytes][value bytes],
/// the CRC being CRC-32 (IEEE) over magic to the end.
/// </summary>
public static class LegacyMessageFormat
{
    /// <summary>Offset and size prefix in front of every message.</summary>
    public const int LogOverhead = 12;

    /// <summary>Timestamp of every magic 0 message.</summary>
    public const long NoTimestamp = -1;

    public const byte Magic0 = 0;
    public const byte Magic1 = 1;

    internal const int CrcOffset = 0;
    internal const int MagicOffset = 4;
    internal const int AttributesOffset = 5;
    internal const int TimestampOffset = 6;
    internal const int CompressionMask = 0x07;
    internal const int TimestampTypeFlag = 0x08;

    /// <summary>Smallest message body (null key, null value) for the magic.</summary>
    public static int MinMessageSize(byte magic) => HeaderSize(magic) + 8;

    /// <summary>Bytes of CRC, magic, attributes and (v1) timestamp before the key.</summary>
    internal static int HeaderSize(byte magic) => magic == Magic0 ? 6 : 14;

    /// <summary>Size of one whole entry (log overhead included) for the given payload lengths (-1 for null).</summary>
    public static int EntrySize(byte magic, int keyLength, int valueLength) =>
        LogOverhead + MinMessageSize(magic) + Math.Max(keyLength, 0) + Math.Max(valueLength, 0);

    internal static byte Attributes(CompressionCodec codec, TimestampType timestampType, byte magic) =>
        (byte)(((int)codec & CompressionMask) | (magic > Magic0 && timestampType == TimestampType.LogAppendTime ? TimestampTypeFlag : 0));

    /// <summary>Writes one entry, CRC included, and returns its size.</summary>
    internal static int Write(
        IBufferWriter<byte> destination, byte magic, long offset, byte attributes, long timestamp, NullableBytes key, NullableBytes value)
    {
        int total = EntrySize(magic, key.WireLength, value.WireLength);
        Span<byte> span = destination.GetSpan(total)[..total];
        BinaryPrimitives.WriteInt64BigEndian(span, offset);
        BinaryPrimitives.WriteInt32BigEndian(span[8..], total - LogOverhead);
        Span<byte> message = span[LogOverhead..];
        message[MagicOffset] = magic;
        message[AttributesOffset] = attributes;
        int at = TimestampOffset;
        if (magic > Magic0)
        {
            BinaryPrimitives.WriteInt64BigEndian(message[at..], timestamp);
            at += 8;
        }

        at += WriteBytes(message[at..], key);
        WriteBytes(message[at..], value);
        BinaryPrimitives.WriteUInt32BigEndian(message, Crc32.HashToUInt32(message[MagicOffset..]));
        destination.Advance(total);
        return total;
    }

    private static int WriteBytes(Span<byte> destination, NullableBytes bytes)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, bytes.WireLength);
        bytes.Bytes.CopyTo(destination[4..]);
        return 4 + bytes.Bytes.Length;
    }
}
