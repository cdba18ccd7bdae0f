using KafkaNet.Protocol.Records;

namespace KafkaNet.Protocol.Compression;

/// <summary>Decompressed data would exceed the caller's limit; treated as corrupt so a zip bomb cannot exhaust memory.</summary>
public class DecompressionLimitExceededException : CorruptRecordException
{
    public DecompressionLimitExceededException()
        : base("Decompressed data exceeds the allowed size.")
    {
    }

    public DecompressionLimitExceededException(int limit)
        : base($"Decompressed data exceeds the allowed {limit} bytes.")
    {
        Limit = limit;
    }

    public DecompressionLimitExceededException(string message)
        : base(message)
    {
    }

    public DecompressionLimitExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The limit that was exceeded, in bytes.</summary>
    public int Limit { get; }
}
