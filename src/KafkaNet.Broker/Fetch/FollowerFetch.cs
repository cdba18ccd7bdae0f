using KafkaNet.Broker.Network;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Fetch;

/// <summary>One partition of a follower's fetch from this leader.</summary>
internal static class FollowerFetch
{
    /// <summary>
    /// Checks the fetcher is a replica, answers a divergence from the leader's epoch history (no records), else
    /// records the fetch offset as the follower's log end offset and reads up to the log end. Returns the bound read
    /// up to, or null when nothing was read and the fetch should not wait on the partition.
    /// </summary>
    public static long? Read(
        KafkaBroker broker, string topic, FetchRequest request, int replicaId, PartitionLog log, FetchSessionPartition entry,
        FetchResponse.PartitionData partition, LeasedResponse leased, ref long budget, ref long total)
    {
        var replication = broker.Replicas?.Replication;
        var state = replication?.Find(topic, entry.Partition);
        if (state is null || replicaId == state.NodeId || !state.Replicas.Contains(replicaId))
        {
            partition.ErrorCode = (short)ErrorCode.NotLeaderOrFollower;
            (partition.HighWatermark, partition.LastStableOffset, partition.LogStartOffset) = (-1, -1, -1);
            return null;
        }
        if (entry.LastFetchedEpoch >= 0)
        {
            var (epoch, endOffset) = log.EndOffsetForEpoch(entry.LastFetchedEpoch);
            if (epoch < entry.LastFetchedEpoch || endOffset < entry.FetchOffset)
            {
                long highWatermark = log.HighWatermark;
                partition.HighWatermark = highWatermark;
                partition.LastStableOffset = log.LastStableOffsetBelow(highWatermark);
                partition.LogStartOffset = log.LogStartOffset;
                partition.DivergingEpoch = new FetchResponse.EpochEndOffset { Epoch = epoch, EndOffset = endOffset };
                return null;
            }
        }
        if (entry.FetchOffset >= log.LogStartOffset && entry.FetchOffset <= log.LogEndOffset)
        {
            // Recorded before the read, so the watermark sent back already counts this follower's position.
            long replicaEpoch = request.ReplicaState?.ReplicaEpoch ?? -1;
            replication!.RecordFollowerFetch(topic, entry.Partition, replicaId, replicaEpoch, entry.FetchOffset);
        }
        return FetchReader.ReadPartition(log, entry, partition, readCommitted: false, leased, ref budget, ref total, follower: true);
    }
}
