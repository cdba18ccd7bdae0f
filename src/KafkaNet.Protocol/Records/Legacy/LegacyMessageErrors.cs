namespace KafkaNet.Protocol.Records.Legacy;

/// <summary>Maps <see cref="LegacyMessageError"/> to the error a produce response carries.</summary>
public static class LegacyMessageErrors
{
    // Kafka reports every structural problem of an old-format set (its legacy InvalidRecordException is a
    // CorruptRecordException) as CORRUPT_MESSAGE, which old clients also understand; only zstd gets its own code.
    public static ErrorCode ToErrorCode(this LegacyMessageError error) => error switch
    {
        LegacyMessageError.None => ErrorCode.None,
        LegacyMessageError.UnsupportedCompression => ErrorCode.UnsupportedCompressionType,
        _ => ErrorCode.CorruptMessage,
    };
}
