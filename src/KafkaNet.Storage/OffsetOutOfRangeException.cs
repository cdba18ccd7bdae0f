namespace KafkaNet.Storage;

/// <summary>A read asked for an offset below the log start offset or past the log end offset.</summary>
public sealed class OffsetOutOfRangeException : Exception
{
    public OffsetOutOfRangeException()
    {
    }

    public OffsetOutOfRangeException(string message)
        : base(message)
    {
    }

    public OffsetOutOfRangeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
