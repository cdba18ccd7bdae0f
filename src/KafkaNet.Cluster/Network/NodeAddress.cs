namespace KafkaNet.Cluster.Network;

/// <summary>Where another node of the cluster listens for Kafka requests.</summary>
public sealed record NodeAddress(int NodeId, string Host, int Port)
{
    public override string ToString() => $"node {NodeId} ({Host}:{Port})";
}
