using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace KafkaNet.Protocol;

/// <summary>
/// Writes protocol primitives into a span sized beforehand by the message's Size method.
/// </summary>
public ref struct KafkaWriter
{
    private readonly Span<byte> _span;
    private readonly ExternalSegments? _external;
    private int _position;

    public KafkaWriter(Span<byte> destination)
    {
        _span = destination;
        _external = null;
        _position = 0;
    }

    /// <summary>
    /// A writer that leaves <see cref="ExternalBytes"/> out of <paramref name="destination"/> and lists them
    /// in <paramref name="external"/>, for a transport that sends file regions itself.
    /// </summary>
    public KafkaWriter(Span<byte> destination, ExternalSegments external)
    {
        _span = destination;
        _external = external;
        _position = 0;
    }

    public readonly int Position => _position;

    public void WriteBool(bool value) => _span[_position++] = value ? (byte)1 : (byte)0;

    public void WriteInt8(sbyte value) => _span[_position++] = (byte)value;

    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16BigEndian(Take(2), value);

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Take(2), value);

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32BigEndian(Take(4), value);

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Take(4), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64BigEndian(Take(8), value);

    public void WriteFloat64(double value) => BinaryPrimitives.WriteDoubleBigEndian(Take(8), value);

    public void WriteUuid(Guid value)
    {
        if (!value.TryWriteBytes(Take(16), bigEndian: true, out _))
        {
            throw new KafkaProtocolException("uuid did not fit");
        }
    }

    public void WriteUnsignedVarInt32(int value) => WriteUnsignedVarInt((uint)value);

    public void WriteUnsignedVarInt(uint value)
    {
        while (value >= 0x80)
        {
            _span[_position++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _span[_position++] = (byte)value;
    }

    public void WriteString(string? value, bool compact, string field)
    {
        if (value is null)
        {
            throw new KafkaProtocolException($"{field} cannot be null");
        }
        WriteNullableString(value, compact);
    }

    public void WriteNullableString(string? value, bool compact)
    {
        if (value is null)
        {
            WriteLength(-1, compact, isString: true);
            return;
        }
        int length = Encoding.UTF8.GetByteCount(value);
        if (!compact && length > short.MaxValue)
        {
            throw new KafkaProtocolException($"string of {length} bytes is too long for a 2-byte length");
        }
        WriteLength(length, compact, isString: true);
        _position += Encoding.UTF8.GetBytes(value, _span[_position..]);
    }

    public void WriteBytes(ReadOnlyMemory<byte> value, bool compact, string field)
    {
        _ = field;
        WriteLength(value.Length, compact, isString: false);
        WriteContent(value);
    }

    public void WriteBytes(ReadOnlyMemory<byte>? value, bool compact, string field)
    {
        if (!value.HasValue)
        {
            throw new KafkaProtocolException($"{field} cannot be null");
        }
        WriteBytes(value.Value, compact, field);
    }

    public void WriteNullableBytes(ReadOnlyMemory<byte>? value, bool compact)
    {
        if (!value.HasValue)
        {
            WriteLength(-1, compact, isString: false);
            return;
        }
        WriteLength(value.Value.Length, compact, isString: false);
        WriteContent(value.Value);
    }

    /// <summary>An array's length prefix; -1 writes a null array.</summary>
    public void WriteArrayCount(int count, bool compact)
    {
        if (compact)
        {
            WriteUnsignedVarInt((uint)(count + 1));
        }
        else
        {
            WriteInt32(count);
        }
    }

    /// <summary>Byte content: external regions are listed or copied once; anything else is copied.</summary>
    private void WriteContent(ReadOnlyMemory<byte> value)
    {
        if (MemoryMarshal.TryGetMemoryManager(value, out ExternalBytes? external, out int start, out int length))
        {
            if (_external is not null)
            {
                _external.Add(new ExternalSegment(_position, external, start, length));
                return;
            }
            external.CopyTo(start, length, _span.Slice(_position, length));
            _position += length;
            return;
        }
        WriteRaw(value.Span);
    }

    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_span[_position..]);
        _position += bytes.Length;
    }

    private void WriteLength(int length, bool compact, bool isString)
    {
        if (compact)
        {
            WriteUnsignedVarInt((uint)(length + 1));
        }
        else if (isString)
        {
            WriteInt16((short)length);
        }
        else
        {
            WriteInt32(length);
        }
    }

    private Span<byte> Take(int length)
    {
        var span = _span.Slice(_position, length);
        _position += length;
        return span;
    }
}
