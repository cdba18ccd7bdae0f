using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace KafkaNet.Broker.Tests.OldVersions.Produce;

/// <summary>v0/v1 message sets written byte by byte from the format description, independent of the broker's reader.</summary>
internal static class LegacySetBuilder
{
    public const long NoTimestamp = -1;

    /// <summary>One uncompressed entry: offset, size, CRC-32 (IEEE) over magic..value, magic, attributes, [timestamp], key, value.</summary>
    public static byte[] Message(byte magic, long offset, long timestamp, string? key, string? value, byte attributes = 0) =>
        Message(magic, offset, timestamp, key is null ? null : Encoding.UTF8.GetBytes(key), value is null ? null : Encoding.UTF8.GetBytes(value), attributes);

    public static byte[] Message(byte magic, long offset, long timestamp, byte[]? key, byte[]? value, byte attributes)
    {
        var body = new List<byte> { magic, attributes };
        if (magic == 1)
        {
            body.AddRange(Int64(timestamp));
        }
        AddBytes(body, key);
        AddBytes(body, value);
        uint crc = Crc32.HashToUInt32(body.ToArray());
        return [.. Int64(offset), .. Int32(4 + body.Count), .. Int32((int)crc), .. body];
    }

    /// <summary>A gzip wrapper (attributes 1) of magic 1 messages with relative inner offsets, at the last inner offset.</summary>
    public static byte[] GzipWrapper(long wrapperOffset, params byte[][] inner)
    {
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            foreach (var message in inner)
            {
                gzip.Write(message);
            }
        }
        long maxTimestamp = inner.Max(m => BinaryPrimitives.ReadInt64BigEndian(m.AsSpan(18)));
        return Message(1, wrapperOffset, maxTimestamp, null, compressed.ToArray(), attributes: 1);
    }

    /// <summary>The message with one bit of its value flipped, its CRC left as it was.</summary>
    public static byte[] WithBadCrc(byte[] message)
    {
        var copy = (byte[])message.Clone();
        copy[^1] ^= 0x01;
        return copy;
    }

    private static void AddBytes(List<byte> body, byte[]? bytes)
    {
        body.AddRange(Int32(bytes?.Length ?? -1));
        if (bytes is not null)
        {
            body.AddRange(bytes);
        }
    }

    private static byte[] Int64(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] Int32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }
}
