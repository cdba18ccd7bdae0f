using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace KafkaNet.Protocol;

/// <summary>
/// Reads protocol primitives from one contiguous buffer. Byte fields come back as slices of that
/// buffer, never copies, so record data stays where the frame put it. Every length read from the
/// wire is checked against what remains before anything is allocated.
/// </summary>
public ref struct KafkaReader
{
    private readonly ReadOnlyMemory<byte> _buffer;
    private readonly ReadOnlySpan<byte> _span;
    private int _position;

    public KafkaReader(ReadOnlyMemory<byte> buffer)
    {
        _buffer = buffer;
        _span = buffer.Span;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _span.Length - _position;

    public bool ReadBool() => ReadByte() != 0;

    public sbyte ReadInt8() => (sbyte)ReadByte();

    public short ReadInt16() => BinaryPrimitives.ReadInt16BigEndian(Take(2));

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    public int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public double ReadFloat64() => BinaryPrimitives.ReadDoubleBigEndian(Take(8));

    public Guid ReadUuid() => new(Take(16), bigEndian: true);

    /// <summary>An unsigned varint that must fit a non-negative int (lengths, counts, tags).</summary>
    public int ReadUnsignedVarInt32()
    {
        uint value = ReadUnsignedVarInt();
        if (value > int.MaxValue)
        {
            throw KafkaProtocolException.Malformed($"varint {value} is out of range");
        }
        return (int)value;
    }

    public uint ReadUnsignedVarInt()
    {
        uint value = 0;
        for (int shift = 0; shift < 35; shift += 7)
        {
            byte b = ReadByte();
            if (shift == 28 && b > 0x0F)
            {
                throw KafkaProtocolException.Malformed("varint is longer than 5 bytes");
            }
            value |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
        throw KafkaProtocolException.Malformed("varint is longer than 5 bytes");
    }

    public string ReadString(bool compact) =>
        ReadNullableString(compact) ?? throw KafkaProtocolException.Malformed("null where a string is required");

    public string? ReadNullableString(bool compact)
    {
        int length = compact ? ReadUnsignedVarInt32() - 1 : ReadInt16();
        if (length < 0)
        {
            return length == -1 ? null : throw KafkaProtocolException.Malformed($"string length {length}");
        }
        return length == 0 ? string.Empty : Encoding.UTF8.GetString(Take(length));
    }

    public ReadOnlyMemory<byte> ReadBytes(bool compact) =>
        ReadNullableBytes(compact) ?? throw KafkaProtocolException.Malformed("null where bytes are required");

    public ReadOnlyMemory<byte>? ReadNullableBytes(bool compact)
    {
        int length = compact ? ReadUnsignedVarInt32() - 1 : ReadInt32();
        if (length < 0)
        {
            return length == -1 ? null : throw KafkaProtocolException.Malformed($"bytes length {length}");
        }
        var slice = Slice(length);
        return slice;
    }

    /// <summary>
    /// An array's element count, or -1 for a null array where null is allowed. A count that
    /// cannot fit in the remaining bytes is rejected before any list is sized from it.
    /// </summary>
    public int ReadArrayCount(bool compact, bool nullable, int minimumElementSize)
    {
        int count = compact ? ReadUnsignedVarInt32() - 1 : ReadInt32();
        if (count < 0)
        {
            if (count == -1 && nullable)
            {
                return -1;
            }
            throw KafkaProtocolException.Malformed($"array length {count}");
        }
        if (count > Remaining / Math.Max(1, minimumElementSize))
        {
            throw KafkaProtocolException.Truncated((long)count * Math.Max(1, minimumElementSize), Remaining);
        }
        return count;
    }

    /// <summary>A reader over the next <paramref name="length"/> bytes; this reader moves past them.</summary>
    public KafkaReader ReadSubReader(int length) => new(Slice(length));

    public RawTaggedField ReadRawTaggedField(int tag, int size) => new(tag, Slice(size));

    /// <summary>The next <paramref name="length"/> bytes as a slice of the input buffer.</summary>
    public ReadOnlyMemory<byte> Slice(int length)
    {
        Ensure(length);
        var slice = _buffer.Slice(_position, length);
        _position += length;
        return slice;
    }

    public void Skip(int length)
    {
        Ensure(length);
        _position += length;
    }

    /// <summary>Tagged fields carry their size; a known field must use exactly that many bytes.</summary>
    public readonly void EnsureConsumed()
    {
        if (Remaining != 0)
        {
            throw KafkaProtocolException.Malformed($"{Remaining} bytes left over in a tagged field");
        }
    }

    private byte ReadByte()
    {
        Ensure(1);
        return _span[_position++];
    }

    private ReadOnlySpan<byte> Take(int length)
    {
        Ensure(length);
        var span = _span.Slice(_position, length);
        _position += length;
        return span;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly void Ensure(int length)
    {
        if ((uint)length > (uint)(_span.Length - _position))
        {
            throw KafkaProtocolException.Truncated(length, Remaining);
        }
    }
}
