namespace KafkaNet.Protocol.Records;

/// <summary>
/// One parsed record as positions relative to its first byte plus its scalar fields: what a check needs, without
/// building the spans of a <see cref="Record"/>.
/// </summary>
internal struct RecordLayout
{
    /// <summary>Encoded size including the length prefix; the headers end here.</summary>
    public int Size;

    public sbyte Attributes;

    public long TimestampDelta;

    public int OffsetDelta;

    public int KeyStart;

    /// <summary>-1 for a null key.</summary>
    public int KeyLength;

    public int ValueStart;

    /// <summary>-1 for a null value.</summary>
    public int ValueLength;

    public int HeadersStart;

    public int HeaderCount;
}
