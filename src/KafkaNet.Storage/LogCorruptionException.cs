namespace KafkaNet.Storage;

/// <summary>
/// Recovery found bad data that is not a torn tail: a corrupt batch followed by more log. Such data is never
/// truncated silently; an operator must decide (restore, or delete the segments named in the message).
/// </summary>
public sealed class LogCorruptionException : Exception
{
    public LogCorruptionException()
    {
    }

    public LogCorruptionException(string message)
        : base(message)
    {
    }

    public LogCorruptionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
