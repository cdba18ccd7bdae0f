namespace KafkaNet.Protocol.Records;

/// <summary>
/// Record data failed validation: bad CRC, impossible lengths, truncated fields or undecodable compression.
/// Maps to <see cref="ErrorCode.CorruptMessage"/> on the wire.
/// </summary>
public class CorruptRecordException : Exception
{
    public CorruptRecordException()
        : base("Record data is corrupt.")
    {
    }

    public CorruptRecordException(string message)
        : base(message)
    {
    }

    public CorruptRecordException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The Kafka error to answer with.</summary>
    public virtual ErrorCode ErrorCode => ErrorCode.CorruptMessage;
}
