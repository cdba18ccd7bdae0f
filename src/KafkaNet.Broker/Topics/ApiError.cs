using KafkaNet.Protocol;

namespace KafkaNet.Broker.Topics;

/// <summary>An error code with the message Kafka would send beside it; <see cref="None"/> for success.</summary>
public readonly record struct ApiError(ErrorCode Code, string? Message)
{
    public static ApiError None => default;

    public bool IsError => Code != ErrorCode.None;

    public static ApiError InvalidConfig(string message) => new(ErrorCode.InvalidConfig, message);
}
