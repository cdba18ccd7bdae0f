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
        if (!TryScan(source, out RecordLayout layout))
        {
            record = default;
            bytesConsumed = 0;
            return false;
        }

        bytesConsumed = layout.Size;
        record = FromLayout(source, layout, baseOffset, baseTimestamp, logAppendTime);
        return true;
    }

    /// <summary>The record <see cref="TryScan"/> found at the start of <paramref name="source"/>.</summary>
    internal static Record FromLayout(ReadOnlySpan<byte> source, scoped in RecordLayout layout, long baseOffset, long baseTimestamp, long? logAppendTime) =>
        new(
            layout.Size,
            layout.Attributes,
            logAppendTime ?? baseTimestamp + layout.TimestampDelta,
            layout.TimestampDelta,
            baseOffset + layout.OffsetDelta,
            layout.OffsetDelta,
            layout.KeyLength < 0 ? default : source.Slice(layout.KeyStart, layout.KeyLength),
            layout.KeyLength < 0,
            layout.ValueLength < 0 ? default : source.Slice(layout.ValueStart, layout.ValueLength),
            layout.ValueLength < 0,
            source[layout.HeadersStart..layout.Size],
            layout.HeaderCount);

    /// <summary>Checks and locates the parts of one record, with the rules of <see cref="TryParse(ReadOnlySpan{byte}, out Record, out int)"/>.</summary>
    internal static bool TryScan(ReadOnlySpan<byte> source, out RecordLayout layout)
    {
        layout = default;
        var outer = new SpanReader(source);
        if (!outer.TryReadVarint(out int length) || length < 0 || length > outer.Remaining)
        {
            return false;
        }

        // Bounded by the declared length, so no field can reach into the next record.
        int bodyStart = outer.Position;
        var reader = new SpanReader(source[..(bodyStart + length)], bodyStart);
        if (!reader.TryReadSByte(out layout.Attributes)
            || !reader.TryReadVarlong(out layout.TimestampDelta)
            || !reader.TryReadVarint(out layout.OffsetDelta)
            || !reader.TrySkipNullableBytes(out layout.KeyStart, out layout.KeyLength)
            || !reader.TrySkipNullableBytes(out layout.ValueStart, out layout.ValueLength)
            || !reader.TryReadVarint(out layout.HeaderCount))
        {
            return false;
        }

        layout.HeadersStart = reader.Position;
        layout.Size = bodyStart + length;
        // Headers are rare, and checked by a reader of their own, so this one is never passed by reference and
        // stays in registers.
        return layout.HeaderCount == 0
            ? reader.Remaining == 0
            : SkipHeaders(source[..layout.Size], layout.HeadersStart, layout.HeaderCount);
    }

    private static bool SkipHeaders(ReadOnlySpan<byte> record, int headersStart, int count)
    {
        var reader = new SpanReader(record, headersStart);
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

        return reader.Remaining == 0;
    }
}
