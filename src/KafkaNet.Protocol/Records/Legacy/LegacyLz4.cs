using System.Buffers.Binary;
using System.IO.Hashing;

namespace KafkaNet.Protocol.Records.Legacy;

/// <summary>
/// LZ4 frames in magic 0 sets: Kafka's early writer hashed the frame magic into the header checksum (KAFKA-3160),
/// so Kafka ignores that checksum when reading magic 0 and writes the same faulty checksum when producing magic 0.
/// </summary>
internal static class LegacyLz4
{
    private const uint FrameMagic = 0x184D2204;
    private const int DescriptorStart = 4;
    private const byte ContentSizeFlag = 0x08;
    private const byte DictionaryIdFlag = 0x01;

    /// <summary>Returns the frame with a header checksum a standard decoder accepts, copying only when it must change.</summary>
    public static ReadOnlyMemory<byte> WithStandardHeaderChecksum(ReadOnlyMemory<byte> frame)
    {
        if (!TryLocateChecksum(frame.Span, out int checksumAt))
        {
            return frame; // not a frame header we understand; let the decoder report it
        }

        byte expected = Checksum(frame.Span[DescriptorStart..checksumAt]);
        if (frame.Span[checksumAt] == expected)
        {
            return frame;
        }

        byte[] copy = frame.ToArray();
        copy[checksumAt] = expected;
        return copy;
    }

    /// <summary>Rewrites a standard frame's header checksum the way Kafka does for magic 0.</summary>
    public static void UseMagic0HeaderChecksum(Span<byte> frame)
    {
        if (TryLocateChecksum(frame, out int checksumAt))
        {
            frame[checksumAt] = Checksum(frame[..checksumAt]);
        }
    }

    private static bool TryLocateChecksum(ReadOnlySpan<byte> frame, out int checksumAt)
    {
        checksumAt = 0;
        if (frame.Length < 7 || BinaryPrimitives.ReadUInt32LittleEndian(frame) != FrameMagic)
        {
            return false;
        }

        byte flags = frame[DescriptorStart];
        checksumAt = DescriptorStart + 2 + ((flags & ContentSizeFlag) != 0 ? 8 : 0) + ((flags & DictionaryIdFlag) != 0 ? 4 : 0);
        return frame.Length > checksumAt;
    }

    private static byte Checksum(ReadOnlySpan<byte> bytes) => (byte)((XxHash32.HashToUInt32(bytes) >> 8) & 0xFF);
}
