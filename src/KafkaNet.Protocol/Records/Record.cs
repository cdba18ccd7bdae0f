namespace KafkaNet.Protocol.Records;

/// <summary>
/// One v2 record as a view into its batch: key, value and headers are slices of the source, never copies.
/// Layout: length varint, attributes int8, timestampDelta varlong, offsetDelta varint,
/// key and value as varint-length nullable bytes, then a varint header count and the headers.
/// </summary>
public readonly ref struct Record
{
    private readonly ReadOnlySpan<byte> _headers;

    private Record(
        int sizeInBytes,
        sbyte attributes,
        long timestamp,
        long timestampDelta,
        long offset,
        int offsetDelta,
        ReadOnlySpan<byte> key,
        bool isKeyNull,
        ReadOnlySpan<byte> value,
        bool isValueNull,
        ReadOnlySpan<byte> headers,
        int headerCount)
    {
        SizeInBytes = sizeInBytes;
        Attributes = attributes;
        Timestamp = timestamp;
        TimestampDelta = timestampDelta;
        Offset = offset;
        OffsetDelta = offsetDelta;
        Key = key;
        IsKeyNull = isKeyNull;
        Value = value;
        IsValueNull = isValueNull;
        _headers = headers;
        HeaderCount = headerCount;
    }

    /// <summary>Encoded size including the length prefix.</summary>
    public int SizeInBytes { get; }

    /// <summary>Record-level attributes; unused by Kafka so far.</summary>
    public sbyte Attributes { get; }

    /// <summary>Absolute timestamp: base timestamp plus delta, or the batch max timestamp under LogAppendTime.</summary>
    public long Timestamp { get; }

    public long TimestampDelta { get; }

    /// <summary>Absolute offset: batch base offset plus <see cref="OffsetDelta"/>.</summary>
    public long Offset { get; }

    public int OffsetDelta { get; }

    public ReadOnlySpan<byte> Key { get; }

    public bool IsKeyNull { get; }

    public ReadOnlySpan<byte> Value { get; }

    public bool IsValueNull { get; }

    public int HeaderCount { get; }

    public RecordHeaderEnumerator Headers => new(_headers, HeaderCount);

    /// <summary>Parses one record with deltas reported as absolute values (base offset and timestamp zero).</summary>
    public static bool TryParse(ReadOnlySpan<byte> source, out Record record, out int bytesConsumed) =>
        TryParse(source, 0, 0, null, out record, out bytesConsumed);

    /// <summary>
    /// Parses one record from the start of <paramref name="source"/>. Fails, without throwing, when any length
    /// runs past the record, a varint is malformed, or the fields do not fill the declared record length exactly.
    /// </summary>
    internal static bool TryParse(
        ReadOnlySpan<byte> source,
        long baseOffset,
        long baseTimestamp,
        long? logAppendTime,
        out Record record,
        out int bytesConsumed)
    {
        record = default;
        bytesConsumed = 0;
        var outer = new SpanReader(source);
        if (!outer.TryReadVarint(out int length) || !outer.TryReadBytes(length, out ReadOnlySpan<byte> body))
        {
            return false;
        }

        var reader = new SpanReader(body);
        if (!reader.TryReadSByte(out sbyte attributes)
            || !reader.TryReadVarlong(out long timestampDelta)
            || !reader.TryReadVarint(out int offsetDelta)
            || !reader.TryReadNullableBytes(out ReadOnlySpan<byte> key, out bool isKeyNull)
            || !reader.TryReadNullableBytes(out ReadOnlySpan<byte> value, out bool isValueNull)
            || !reader.TryReadVarint(out int headerCount))
        {
            return false;
        }

        int headersStart = reader.Position;
        if (!SkipHeaders(ref reader, headerCount) || reader.Remaining != 0)
        {
            return false;
        }

        bytesConsumed = outer.Position;
        record = new Record(
            bytesConsumed,
            attributes,
            logAppendTime ?? baseTimestamp + timestampDelta,
            timestampDelta,
            baseOffset + offsetDelta,
            offsetDelta,
            key,
            isKeyNull,
            value,
            isValueNull,
            body[headersStart..],
            headerCount);
        return true;
    }

    private static bool SkipHeaders(ref SpanReader reader, int count)
    {
        // A header takes at least two bytes, which bounds the count before any work is done.
        if (count < 0 || count > reader.Remaining / 2)
        {
            return false;
        }

        for (int i = 0; i < count; i++)
        {
            if (!RecordHeaderEnumerator.TryReadHeader(ref reader, out _))
            {
                return false;
            }
        }

        return true;
    }
}
