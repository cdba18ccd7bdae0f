using System.Text;

namespace KafkaNet.Protocol;

/// <summary>Encoded sizes of the protocol's variable-length types.</summary>
public static class KafkaSizes
{
    public static int UnsignedVarInt(int value) => UnsignedVarInt((uint)value);

    public static int UnsignedVarInt(uint value)
    {
        int size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }
        return size;
    }

    public static int String(string? value, bool compact)
    {
        if (value is null)
        {
            throw new KafkaProtocolException("a non-nullable string is null");
        }
        int bytes = Encoding.UTF8.GetByteCount(value);
        return (compact ? UnsignedVarInt(bytes + 1) : 2) + bytes;
    }

    public static int NullableString(string? value, bool compact) =>
        value is null ? (compact ? 1 : 2) : String(value, compact);

    public static int Bytes(ReadOnlyMemory<byte> value, bool compact) =>
        (compact ? UnsignedVarInt(value.Length + 1) : 4) + value.Length;

    public static int Bytes(ReadOnlyMemory<byte>? value, bool compact) =>
        value.HasValue ? Bytes(value.Value, compact) : throw new KafkaProtocolException("non-nullable bytes are null");

    public static int NullableBytes(ReadOnlyMemory<byte>? value, bool compact) =>
        value.HasValue ? Bytes(value.Value, compact) : (compact ? 1 : 4);

    /// <summary>The size of an array's length prefix; -1 is a null array.</summary>
    public static int ArrayCount(int count, bool compact) => compact ? UnsignedVarInt(count + 1) : 4;
}
