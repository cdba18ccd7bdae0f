namespace KafkaNet.Broker.Shares;

/// <summary>One acknowledgement: an inclusive offset range and what to do with every record in it.</summary>
public readonly record struct AcknowledgementBatch(long FirstOffset, long LastOffset, AcknowledgeType Type);
