namespace KafkaNet.Protocol.Records;

/// <summary>Outcome of checking untrusted bytes as a v2 record batch.</summary>
public enum RecordBatchValidationResult
{
    Ok = 0,

    /// <summary>Fewer bytes than a batch header.</summary>
    TooShort,

    /// <summary>The header is intact but the batch extends past the available bytes (normal at the end of a fetch).</summary>
    Truncated,

    /// <summary>The length field is smaller than a header.</summary>
    BadLength,

    /// <summary>Magic is not 2; older message formats are not accepted.</summary>
    BadMagic,

    /// <summary>The stored CRC-32C does not match the content.</summary>
    BadCrc,

    /// <summary>The compression bits name no known codec.</summary>
    UnsupportedCompression,

    /// <summary>Record count or last offset delta is negative or cannot fit the batch.</summary>
    BadRecordCount,
}
