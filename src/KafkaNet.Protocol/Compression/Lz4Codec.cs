using System.Buffers;
using K4os.Compression.LZ4;
using K4os.Compression.LZ4.Streams;

namespace KafkaNet.Protocol.Compression;

/// <summary>LZ4 frame format, as Kafka uses for v2 batches.</summary>
internal static class Lz4Codec
{
    // Kafka's own writer uses independent 64 KiB blocks without checksums; matching it keeps every reader happy.
    private static readonly LZ4EncoderSettings EncoderSettings = new()
    {
        BlockSize = 64 * 1024,
        ChainBlocks = false,
        BlockChecksum = false,
        ContentChecksum = false,
        CompressionLevel = LZ4Level.L00_FAST,
    };

    public static void Compress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination) =>
        LZ4Frame.Encode(source, destination, EncoderSettings);

    public static int Decompress(ReadOnlyMemory<byte> source, IBufferWriter<byte> destination, int maxOutputBytes)
    {
        using var decoder = LZ4Stream.Decode(new ReadOnlyMemoryStream(source), extraMemory: 0, leaveOpen: false);
        return BoundedOutput.Drain(decoder, destination, maxOutputBytes);
    }
}
