using System.Buffers;
using System.Numerics;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace KafkaNet.Protocol.Compression;

internal static class ZstdCodec
{
    // Kafka's default zstd level.
    private const int Level = 3;

    // Streaming decoders allocate the window a frame asks for. Levels up to 19 never ask for more than 2^23,
    // so that is always allowed; beyond it the window may not exceed what the output limit could use.
    private const int MinWindowLog = 23;
    private const int MaxWindowLog = 27;

    public static void Compress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination)
    {
        using var compressor = new Compressor(Level);
        int bound = Compressor.GetCompressBound(source.Length);
        int written = compressor.Wrap(source, destination.GetSpan(bound));
        destination.Advance(written);
    }

    public static int Decompress(ReadOnlyMemory<byte> source, IBufferWriter<byte> destination, int maxOutputBytes)
    {
        using var decoder = new DecompressionStream(new ReadOnlyMemoryStream(source), leaveOpen: false);
        decoder.SetParameter(ZSTD_dParameter.ZSTD_d_windowLogMax, WindowLogFor(maxOutputBytes));
        return BoundedOutput.Drain(decoder, destination, maxOutputBytes);
    }

    private static int WindowLogFor(int maxOutputBytes)
    {
        int needed = 32 - BitOperations.LeadingZeroCount((uint)Math.Max(maxOutputBytes - 1, 1));
        return Math.Clamp(needed, MinWindowLog, MaxWindowLog);
    }
}
