using KafkaNet.Compat.ShareConsumer.Native;

namespace KafkaNet.Compat.ShareConsumer;

/// <summary>What one rd_kafka_share_poll returned: records, an error, or neither (the timeout passed).</summary>
internal sealed record ShareBatch(IReadOnlyList<ShareRecord> Records, NativeError? Error)
{
    public static readonly ShareBatch Empty = new([], null);
}
