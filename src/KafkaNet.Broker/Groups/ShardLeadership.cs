using KafkaNet.Broker.Replication;

namespace KafkaNet.Broker.Groups;

/// <summary>
/// Under which leadership a shard serves its partition: the leader epoch its batches carry, the replication state whose
/// high watermark acknowledges its writes (null when there is none to wait for), and how long a write may wait.
/// </summary>
internal sealed record ShardLeadership(int LeaderEpoch, PartitionLeaderState? Replication, long CommitTimeoutMs);
