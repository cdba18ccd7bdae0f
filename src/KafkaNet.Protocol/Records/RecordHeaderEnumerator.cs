namespace KafkaNet.Protocol.Records;

/// <summary>Walks the headers of a record. The headers were validated when the record was parsed.</summary>
public ref struct RecordHeaderEnumerator
{
    private SpanReader _reader;
    private int _remaining;

    internal RecordHeaderEnumerator(ReadOnlySpan<byte> headers, int count)
    {
        _reader = new SpanReader(headers);
        _remaining = count;
        Current = default;
    }

    public RecordHeader Current { get; private set; }

    public readonly RecordHeaderEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_remaining <= 0 || !TryReadHeader(ref _reader, out RecordHeader header))
        {
            _remaining = 0;
            return false;
        }

        _remaining--;
        Current = header;
        return true;
    }

    internal static bool TryReadHeader(scoped ref SpanReader reader, out RecordHeader header)
    {
        header = default;
        if (!reader.TryReadVarint(out int keyLength) || !reader.TryReadBytes(keyLength, out ReadOnlySpan<byte> key))
        {
            return false;
        }

        if (!reader.TryReadNullableBytes(out ReadOnlySpan<byte> value, out bool isNull))
        {
            return false;
        }

        header = new RecordHeader(key, value, isNull);
        return true;
    }
}
