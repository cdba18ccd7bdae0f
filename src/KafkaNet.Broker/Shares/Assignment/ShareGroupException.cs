using KafkaNet.Protocol;

namespace KafkaNet.Broker.Shares.Assignment;

/// <summary>A heartbeat refused with a Kafka error code and message.</summary>
internal sealed class ShareGroupException(ErrorCode error, string message) : Exception(message)
{
    public ErrorCode Error { get; } = error;
}
