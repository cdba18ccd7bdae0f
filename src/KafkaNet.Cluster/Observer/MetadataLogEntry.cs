namespace KafkaNet.Cluster.Observer;

/// <summary>One committed metadata log entry (a batch of metadata records) at its offset, the Raft index.</summary>
public sealed record MetadataLogEntry(long Offset, byte[] Entry);
