namespace KafkaNet.Broker.Shares;

/// <summary>The records one operation archived, as runs of equal delivery count and reason.</summary>
internal sealed class ArchiveLog : RunBuilder<(short DeliveryCount, ArchiveReason Reason)>;
