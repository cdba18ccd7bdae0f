using System.Buffers;
using System.Buffers.Binary;
using Snappier;

namespace KafkaNet.Protocol.Compression;

/// <summary>
/// Snappy in both shapes Kafka clients produce: the Java client's xerial (snappy-java) framing,
/// i.e. magic, version, compatible version, then [int32 big-endian length][raw block] repeated;
/// and a single raw snappy block as some non-Java clients write.
/// </summary>
internal static class SnappyCodec
{
    private const int XerialHeaderSize = 16;
    private const int XerialVersion = 1;
    private const int XerialCompatibleVersion = 1;

    // snappy-java's default block size.
    private const int XerialBlockSize = 32 * 1024;

    private static ReadOnlySpan<byte> XerialMagic => [0x82, (byte)'S', (byte)'N', (byte)'A', (byte)'P', (byte)'P', (byte)'Y', 0];

    /// <summary>Writes xerial-framed snappy, the format the Java client writes and every client reads.</summary>
    public static void CompressFramed(ReadOnlySpan<byte> source, IBufferWriter<byte> destination)
    {
        Span<byte> header = destination.GetSpan(XerialHeaderSize);
        XerialMagic.CopyTo(header);
        BinaryPrimitives.WriteInt32BigEndian(header[8..], XerialVersion);
        BinaryPrimitives.WriteInt32BigEndian(header[12..], XerialCompatibleVersion);
        destination.Advance(XerialHeaderSize);

        while (!source.IsEmpty)
        {
            ReadOnlySpan<byte> chunk = source[..Math.Min(XerialBlockSize, source.Length)];
            source = source[chunk.Length..];
            Span<byte> block = destination.GetSpan(sizeof(int) + Snappy.GetMaxCompressedLength(chunk.Length));
            int compressed = Snappy.Compress(chunk, block[sizeof(int)..]);
            BinaryPrimitives.WriteInt32BigEndian(block, compressed);
            destination.Advance(sizeof(int) + compressed);
        }
    }

    /// <summary>Writes one raw snappy block.</summary>
    public static void CompressRaw(ReadOnlySpan<byte> source, IBufferWriter<byte> destination)
    {
        Span<byte> block = destination.GetSpan(Snappy.GetMaxCompressedLength(source.Length));
        destination.Advance(Snappy.Compress(source, block));
    }

    /// <summary>Decodes either format, telling them apart by the xerial magic.</summary>
    public static int Decompress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, int maxOutputBytes) =>
        source.StartsWith(XerialMagic)
            ? DecompressFramed(source, destination, maxOutputBytes)
            : DecompressBlock(source, destination, 0, maxOutputBytes);

    private static int DecompressFramed(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, int maxOutputBytes)
    {
        if (source.Length < XerialHeaderSize)
        {
            throw new InvalidDataException("Truncated xerial snappy header.");
        }

        int total = 0;
        ReadOnlySpan<byte> rest = source[XerialHeaderSize..];
        while (!rest.IsEmpty)
        {
            if (rest.Length < sizeof(int))
            {
                throw new InvalidDataException("Truncated xerial snappy block length.");
            }

            int length = BinaryPrimitives.ReadInt32BigEndian(rest);
            if (length < 0 || length > rest.Length - sizeof(int))
            {
                throw new InvalidDataException($"Xerial snappy block of {length} bytes runs past the input.");
            }

            total += DecompressBlock(rest.Slice(sizeof(int), length), destination, total, maxOutputBytes);
            rest = rest[(sizeof(int) + length)..];
        }

        return total;
    }

    private static int DecompressBlock(ReadOnlySpan<byte> block, IBufferWriter<byte> destination, int written, int maxOutputBytes)
    {
        // The block announces its decoded size; check it before asking the destination for memory.
        int length = Snappy.GetUncompressedLength(block);
        BoundedOutput.EnsureRoom(length, written, maxOutputBytes);
        if (!SnappyBlockCheck.IsWellFormed(block, length))
        {
            throw new InvalidDataException("Malformed snappy block: an element runs past the input or the announced length.");
        }
        int decoded = Snappy.Decompress(block, destination.GetSpan(length)[..length]);
        if (decoded != length)
        {
            throw new InvalidDataException("Snappy block decoded to a different size than it announced.");
        }

        destination.Advance(decoded);
        return decoded;
    }
}
