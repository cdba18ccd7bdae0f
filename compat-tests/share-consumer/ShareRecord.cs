namespace KafkaNet.Compat.ShareConsumer;

/// <summary>
/// One record of a share poll, copied out of its rd_kafka_message_t. <see cref="Message"/> points into the batch
/// it came from and is only good for acknowledging it before the consumer's next poll.
/// </summary>
internal sealed record ShareRecord(string Topic, int Partition, long Offset, string? Value, short DeliveryCount, string? Error, nint Message)
{
    /// <summary>The record's key as UTF-8 text; null when it has none.</summary>
    public string? Key { get; init; }

    public override string ToString() => $"{Topic}[{Partition}]@{Offset}";
}
