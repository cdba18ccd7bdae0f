using System.Buffers;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Protocol.Compression;

/// <summary>Compresses and decompresses the records section of a batch with any Kafka codec.</summary>
public static class RecordCompression
{
    /// <summary>Appends <paramref name="source"/> compressed with <paramref name="codec"/> to <paramref name="destination"/>.</summary>
    /// <remarks>Snappy output uses the xerial framing the Java client writes.</remarks>
    public static void Compress(CompressionCodec codec, ReadOnlySpan<byte> source, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        switch (codec)
        {
            case CompressionCodec.None:
                destination.Write(source);
                break;
            case CompressionCodec.Gzip:
                GzipCodec.Compress(source, destination);
                break;
            case CompressionCodec.Snappy:
                SnappyCodec.CompressFramed(source, destination);
                break;
            case CompressionCodec.Lz4:
                Lz4Codec.Compress(source, destination);
                break;
            case CompressionCodec.Zstd:
                ZstdCodec.Compress(source, destination);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(codec), codec, "Unknown compression codec.");
        }
    }

    /// <summary>
    /// Appends the decompressed form of <paramref name="source"/> to <paramref name="destination"/>, writing at most
    /// <paramref name="maxOutputBytes"/>. Returns the number of bytes written.
    /// </summary>
    /// <exception cref="DecompressionLimitExceededException">The output would exceed <paramref name="maxOutputBytes"/>.</exception>
    /// <exception cref="CorruptRecordException">The input is not valid data for the codec, or the codec is unknown.</exception>
    public static int Decompress(CompressionCodec codec, ReadOnlyMemory<byte> source, IBufferWriter<byte> destination, int maxOutputBytes)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegative(maxOutputBytes);
        try
        {
            return codec switch
            {
                CompressionCodec.None => Copy(source.Span, destination, maxOutputBytes),
                CompressionCodec.Gzip => GzipCodec.Decompress(source, destination, maxOutputBytes),
                CompressionCodec.Snappy => SnappyCodec.Decompress(source.Span, destination, maxOutputBytes),
                CompressionCodec.Lz4 => Lz4Codec.Decompress(source, destination, maxOutputBytes),
                CompressionCodec.Zstd => ZstdCodec.Decompress(source, destination, maxOutputBytes),
                _ => throw new CorruptRecordException($"Unknown compression codec {(int)codec}."),
            };
        }
        catch (Exception e) when (e is not CorruptRecordException and not OutOfMemoryException)
        {
            // Third-party decoders signal bad input with assorted exception types; untrusted bytes must
            // surface as one well-defined corruption error rather than whatever a library happens to throw.
            throw new CorruptRecordException($"{codec} data could not be decompressed: {e.Message}", e);
        }
    }

    private static int Copy(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, int maxOutputBytes)
    {
        BoundedOutput.EnsureRoom(source.Length, 0, maxOutputBytes);
        destination.Write(source);
        return source.Length;
    }
}
