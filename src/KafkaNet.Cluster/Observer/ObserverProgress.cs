namespace KafkaNet.Cluster.Observer;

/// <summary>How far a broker following the metadata log has fetched: its log end offset and when it last fetched and was caught up.</summary>
public sealed record ObserverProgress(int ReplicaId, long LogEndOffset, long LastFetchTimestamp, long LastCaughtUpTimestamp);
