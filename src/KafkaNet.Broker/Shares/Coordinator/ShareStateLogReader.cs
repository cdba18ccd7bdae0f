using KafkaNet.Protocol.Records;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Shares.Coordinator;

/// <summary>Reads the records of a __share_group_state partition below an end offset, oldest first, for loading.</summary>
internal static class ShareStateLogReader
{
    /// <summary>
    /// Hands every record below <paramref name="end"/> to <paramref name="replay"/> as it is read. Records that do not
    /// decode (newer record types, damaged values) are skipped, as Kafka's loader skips them.
    /// </summary>
    public static void ReplayAll(PartitionLog log, long end, Action<ShareStateRecord> replay)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(replay);
        LogRecordWalker.Walk(log, log.LogStartOffset, end - 1, (in Record record) =>
        {
            if (!record.IsKeyNull
                && ShareStateRecordSerde.TryDeserialize(record.Key, record.Value, record.IsValueNull, out var decoded, out _) && decoded is not null)
            {
                replay(decoded);
            }
        });
    }
}
