using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace KafkaNet.Protocol.Tests.Records.Legacy;

/// <summary>Hand-built v0/v1 entries, written field by field independently of the code under test.</summary>
internal static class LegacyFrames
{
    public static byte[] Entry(long offset, byte magic, byte attributes, long timestamp, byte[]? key, byte[]? value)
    {
        var body = new List<byte> { magic, attributes };
        if (magic == 1)
        {
            body.AddRange(BigEndian64(timestamp));
        }

        AddBytes(body, key);
        AddBytes(body, value);
        byte[] crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.HashToUInt32(body.ToArray()));
        var entry = new List<byte>();
        entry.AddRange(BigEndian64(offset));
        entry.AddRange(BigEndian32(body.Count + 4));
        entry.AddRange(crc);
        entry.AddRange(body);
        return [.. entry];
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    public static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static void AddBytes(List<byte> body, byte[]? bytes)
    {
        body.AddRange(BigEndian32(bytes?.Length ?? -1));
        if (bytes is not null)
        {
            body.AddRange(bytes);
        }
    }

    private static byte[] BigEndian64(long value)
    {
        byte[] b = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(b, value);
        return b;
    }

    private static byte[] BigEndian32(int value)
    {
        byte[] b = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(b, value);
        return b;
    }
}
