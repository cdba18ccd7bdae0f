using System.Buffers.Binary;
using System.Text;

namespace KafkaNet.Protocol.Tests.Messages;

/// <summary>Builds expected wire bytes by hand, field by field, independently of the generated code.</summary>
internal sealed class WireBytes
{
    private readonly List<byte> _bytes = [];

    public WireBytes I8(sbyte v) { _bytes.Add((byte)v); return this; }

    public WireBytes Bool(bool v) { _bytes.Add(v ? (byte)1 : (byte)0); return this; }

    public WireBytes I16(short v) => Put(2, s => BinaryPrimitives.WriteInt16BigEndian(s, v));

    public WireBytes I32(int v) => Put(4, s => BinaryPrimitives.WriteInt32BigEndian(s, v));

    public WireBytes I64(long v) => Put(8, s => BinaryPrimitives.WriteInt64BigEndian(s, v));

    public WireBytes Uuid(Guid v) => Put(16, s => v.TryWriteBytes(s, bigEndian: true, out _));

    public WireBytes UVar(uint v)
    {
        while (v >= 0x80)
        {
            _bytes.Add((byte)(v | 0x80));
            v >>= 7;
        }
        _bytes.Add((byte)v);
        return this;
    }

    /// <summary>A classic string: int16 length (-1 for null), UTF-8 bytes.</summary>
    public WireBytes Str(string? v) => v is null ? I16(-1) : I16((short)Encoding.UTF8.GetByteCount(v)).Raw(Encoding.UTF8.GetBytes(v));

    /// <summary>A compact string: unsigned varint length+1 (0 for null), UTF-8 bytes.</summary>
    public WireBytes CStr(string? v) => v is null ? UVar(0) : UVar((uint)Encoding.UTF8.GetByteCount(v) + 1).Raw(Encoding.UTF8.GetBytes(v));

    public WireBytes Bytes(byte[] v) => I32(v.Length).Raw(v);

    public WireBytes CBytes(byte[] v) => UVar((uint)v.Length + 1).Raw(v);

    /// <summary>A classic array length (-1 for null).</summary>
    public WireBytes Arr(int count) => I32(count);

    /// <summary>A compact array length: count+1, 0 for null.</summary>
    public WireBytes CArr(int count) => UVar((uint)(count + 1));

    /// <summary>An empty tagged-field section.</summary>
    public WireBytes NoTags() => UVar(0);

    public WireBytes Raw(byte[] v)
    {
        _bytes.AddRange(v);
        return this;
    }

    public byte[] ToArray() => [.. _bytes];

    private WireBytes Put(int size, SpanAction write)
    {
        var buffer = new byte[size];
        write(buffer);
        _bytes.AddRange(buffer);
        return this;
    }

    private delegate void SpanAction(Span<byte> span);
}
