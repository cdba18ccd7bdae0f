using KafkaNet.Protocol;

namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>A consumer-group request that must be answered with a Kafka error code.</summary>
public sealed class ConsumerGroupException : Exception
{
    public ConsumerGroupException()
    {
    }

    public ConsumerGroupException(string message)
        : base(message)
    {
    }

    public ConsumerGroupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ConsumerGroupException(ErrorCode errorCode, string message)
        : base(message) => ErrorCode = errorCode;

    public ErrorCode ErrorCode { get; } = ErrorCode.UnknownServerError;
}
