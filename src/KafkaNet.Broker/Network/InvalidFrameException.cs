namespace KafkaNet.Broker.Network;

/// <summary>A frame that cannot be read; the connection is closed, as Kafka closes it.</summary>
public sealed class InvalidFrameException : Exception
{
    public InvalidFrameException()
    {
    }

    public InvalidFrameException(string message)
        : base(message)
    {
    }

    public InvalidFrameException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
