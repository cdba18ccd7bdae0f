using KafkaNet.Broker.Shares;

namespace KafkaNet.Broker.Shares.DeadLetter;

/// <summary>The context headers every dead-letter record carries (KIP-1191), their values as UTF-8 text.</summary>
public static class DeadLetterHeaders
{
    public const string Topic = "__dlq.errors.topic";
    public const string Partition = "__dlq.errors.partition";
    public const string Offset = "__dlq.errors.offset";
    public const string Group = "__dlq.errors.group";
    public const string DeliveryCount = "__dlq.errors.delivery.count";
    public const string Message = "__dlq.errors.message";

    /// <summary>The text of the message header for each reason, as Kafka words it.</summary>
    public static string MessageFor(ArchiveReason reason) => reason switch
    {
        ArchiveReason.RejectedByClient => "Offset rejected by client.",
        ArchiveReason.DeliveryLimitReached => "Offset delivery count exceeded the threshold.",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
