namespace KafkaNet.Storage;

/// <summary>
/// A follower append was refused because its offsets do not continue the log: the first batch does not start at the
/// log end offset, or a batch does not start after the one before it. Nothing was appended.
/// </summary>
public sealed class OffsetsOutOfOrderException : Exception
{
    public OffsetsOutOfOrderException()
    {
    }

    public OffsetsOutOfOrderException(string message)
        : base(message)
    {
    }

    public OffsetsOutOfOrderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public OffsetsOutOfOrderException(long expectedOffset, long foundOffset, string message)
        : base(message)
    {
        ExpectedOffset = expectedOffset;
        FoundOffset = foundOffset;
    }

    /// <summary>The offset the batch had to start at (at least this one in a compacted log).</summary>
    public long ExpectedOffset { get; }

    /// <summary>The base offset the batch had.</summary>
    public long FoundOffset { get; }
}
