namespace KafkaNet.Protocol.Records;

/// <summary>
/// Zigzag-encoded variable-length integers as used inside v2 records (protobuf style, little-endian groups of 7 bits).
/// Readers never throw: malformed or truncated input yields <c>false</c>.
/// </summary>
public static class Varint
{
    /// <summary>Longest encoding of a 32-bit varint.</summary>
    public const int MaxVarintBytes = 5;

    /// <summary>Longest encoding of a 64-bit varlong.</summary>
    public const int MaxVarlongBytes = 10;

    /// <summary>Reads a zigzag varint; fails on truncation or on an encoding that overflows 32 bits.</summary>
    public static bool TryReadVarint(ReadOnlySpan<byte> source, out int value, out int bytesRead)
    {
        uint raw = 0;
        for (int i = 0; i < MaxVarintBytes && i < source.Length; i++)
        {
            uint b = source[i];
            // The fifth byte may only carry the top 4 bits; anything else would be silently lost.
            if (i == MaxVarintBytes - 1 && b > 0x0F)
            {
                break;
            }

            raw |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                value = (int)(raw >> 1) ^ -(int)(raw & 1);
                bytesRead = i + 1;
                return true;
            }
        }

        value = 0;
        bytesRead = 0;
        return false;
    }

    /// <summary>Reads a zigzag varlong; fails on truncation or on an encoding that overflows 64 bits.</summary>
    public static bool TryReadVarlong(ReadOnlySpan<byte> source, out long value, out int bytesRead)
    {
        ulong raw = 0;
        for (int i = 0; i < MaxVarlongBytes && i < source.Length; i++)
        {
            ulong b = source[i];
            if (i == MaxVarlongBytes - 1 && b > 0x01)
            {
                break;
            }

            raw |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                value = (long)(raw >> 1) ^ -(long)(raw & 1);
                bytesRead = i + 1;
                return true;
            }
        }

        value = 0;
        bytesRead = 0;
        return false;
    }

    /// <summary>Writes <paramref name="value"/> as a zigzag varint and returns the byte count.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <see cref="SizeOfVarint"/>.</exception>
    public static int WriteVarint(Span<byte> destination, int value) =>
        WriteUnsigned(destination, (uint)((value << 1) ^ (value >> 31)));

    /// <summary>Writes <paramref name="value"/> as a zigzag varlong and returns the byte count.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <see cref="SizeOfVarlong"/>.</exception>
    public static int WriteVarlong(Span<byte> destination, long value) =>
        WriteUnsigned(destination, (ulong)((value << 1) ^ (value >> 63)));

    /// <summary>Number of bytes <see cref="WriteVarint"/> needs for <paramref name="value"/>.</summary>
    public static int SizeOfVarint(int value) => SizeOfUnsigned((uint)((value << 1) ^ (value >> 31)));

    /// <summary>Number of bytes <see cref="WriteVarlong"/> needs for <paramref name="value"/>.</summary>
    public static int SizeOfVarlong(long value) => SizeOfUnsigned((ulong)((value << 1) ^ (value >> 63)));

    private static int SizeOfUnsigned(ulong raw)
    {
        // Each byte holds 7 payload bits; zero still takes one byte.
        int bits = 64 - System.Numerics.BitOperations.LeadingZeroCount(raw | 1);
        return (bits + 6) / 7;
    }

    private static int WriteUnsigned(Span<byte> destination, ulong raw)
    {
        int size = SizeOfUnsigned(raw);
        if (destination.Length < size)
        {
            throw new ArgumentException("Destination too small for varint.", nameof(destination));
        }

        int i = 0;
        while (raw >= 0x80)
        {
            destination[i++] = (byte)(raw | 0x80);
            raw >>= 7;
        }

        destination[i++] = (byte)raw;
        return i;
    }
}
