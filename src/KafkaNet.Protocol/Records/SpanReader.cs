using System.Runtime.CompilerServices;

namespace KafkaNet.Protocol.Records;

/// <summary>Forward-only cursor over untrusted bytes; every read checks bounds and reports failure instead of throwing.</summary>
internal ref struct SpanReader
{
    private readonly ReadOnlySpan<byte> _source;
    private int _position;

    public SpanReader(ReadOnlySpan<byte> source, int position = 0)
    {
        _source = source;
        _position = position;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _source.Length - _position;

    public bool TryReadSByte(out sbyte value)
    {
        if (_position >= _source.Length)
        {
            value = 0;
            return false;
        }

        value = (sbyte)_source[_position++];
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadVarint(out int value)
    {
        // Most fields of a record fit one byte; only longer encodings pay for the general decoder's call.
        if ((uint)_position < (uint)_source.Length && _source[_position] < 0x80)
        {
            uint raw = _source[_position++];
            value = (int)(raw >> 1) ^ -(int)(raw & 1);
            return true;
        }

        if (!Varint.TryReadVarint(_source[_position..], out value, out int read))
        {
            return false;
        }

        _position += read;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadVarlong(out long value)
    {
        if ((uint)_position < (uint)_source.Length && _source[_position] < 0x80)
        {
            ulong raw = _source[_position++];
            value = (long)(raw >> 1) ^ -(long)(raw & 1);
            return true;
        }

        if (!Varint.TryReadVarlong(_source[_position..], out value, out int read))
        {
            return false;
        }

        _position += read;
        return true;
    }

    public bool TryReadBytes(int length, out ReadOnlySpan<byte> bytes)
    {
        if (length < 0 || length > Remaining)
        {
            bytes = default;
            return false;
        }

        bytes = _source.Slice(_position, length);
        _position += length;
        return true;
    }

    /// <summary>Varint length then bytes; length -1 means null, any other negative length is corrupt.</summary>
    public bool TryReadNullableBytes(out ReadOnlySpan<byte> bytes, out bool isNull)
    {
        if (!TrySkipNullableBytes(out int start, out int length))
        {
            bytes = default;
            isNull = false;
            return false;
        }

        isNull = length < 0;
        bytes = isNull ? default : _source.Slice(start, length);
        return true;
    }

    /// <summary>As <see cref="TryReadNullableBytes"/>, reporting where the bytes lie; length -1 means null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TrySkipNullableBytes(out int start, out int length)
    {
        start = 0;
        if (!TryReadVarint(out length) || length < -1 || length > Remaining)
        {
            return false;
        }

        start = _position;
        _position += Math.Max(length, 0);
        return true;
    }
}
