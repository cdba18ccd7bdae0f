namespace KafkaNet.Cluster.Quorum;

/// <summary>A leadership change: the new leader (null while none is known) and the Raft term.</summary>
public sealed record QuorumLeadership(int? LeaderId, long Epoch);
