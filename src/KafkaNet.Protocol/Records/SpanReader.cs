namespace KafkaNet.Protocol.Records;

/// <summary>Forward-only cursor over untrusted bytes; every read checks bounds and reports failure instead of throwing.</summary>
internal ref struct SpanReader
{
    private readonly ReadOnlySpan<byte> _source;
    private int _position;

    public SpanReader(ReadOnlySpan<byte> source)
    {
        _source = source;
        _position = 0;
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

    public bool TryReadVarint(out int value)
    {
        if (!Varint.TryReadVarint(_source[_position..], out value, out int read))
        {
            return false;
        }

        _position += read;
        return true;
    }

    public bool TryReadVarlong(out long value)
    {
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
        bytes = default;
        isNull = false;
        if (!TryReadVarint(out int length) || length < -1)
        {
            return false;
        }

        if (length == -1)
        {
            isNull = true;
            return true;
        }

        return TryReadBytes(length, out bytes);
    }
}
