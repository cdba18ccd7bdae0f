namespace KafkaNet.Compat.ShareConsumer.Native;

/// <summary>rd_kafka_share_AcknowledgeType_t.</summary>
internal enum AcknowledgeType
{
    Accept = 1,
    Release = 2,
    Reject = 3,
}
