using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace KafkaNet.Protocol.Compression;

internal static class GzipCodec
{
    // 10-byte header, at least 2 bytes of deflate data, 8-byte trailer.
    private const int MinimumSize = 20;
    private const int TrailerSize = 8;

    // GZipStream writes nothing at all for empty input, which no reader accepts as gzip.
    private static ReadOnlySpan<byte> EmptyMember =>
        [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0xFF, 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0];

    public static void Compress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination)
    {
        if (source.IsEmpty)
        {
            destination.Write(EmptyMember);
            return;
        }

        using var sink = new BufferWriterStream(destination);
        using var gzip = new GZipStream(sink, CompressionLevel.Optimal, leaveOpen: true);
        gzip.Write(source);
    }

    public static int Decompress(ReadOnlyMemory<byte> source, IBufferWriter<byte> destination, int maxOutputBytes)
    {
        if (source.Length < MinimumSize)
        {
            throw new InvalidDataException("Too short to be gzip data.");
        }

        var crc = new Crc32();
        int written;
        using (var gzip = new GZipStream(new ReadOnlyMemoryStream(source), CompressionMode.Decompress))
        {
            written = BoundedOutput.Drain(gzip, destination, maxOutputBytes, crc);
        }

        // GZipStream ends quietly when input runs out mid-stream, so check the trailer ourselves.
        // Kafka clients write a single gzip member, whose trailer then describes the whole output.
        ReadOnlySpan<byte> trailer = source.Span[^TrailerSize..];
        if (BinaryPrimitives.ReadUInt32LittleEndian(trailer) != crc.GetCurrentHashAsUInt32()
            || BinaryPrimitives.ReadUInt32LittleEndian(trailer[sizeof(uint)..]) != (uint)written)
        {
            throw new InvalidDataException("Gzip data is truncated or its trailer does not match the content.");
        }

        return written;
    }
}
