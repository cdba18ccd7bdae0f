using KafkaNet.Protocol.Messages;
using KafkaNet.Server.Configuration;

namespace KafkaNet.Cli.MetadataQuorum;

/// <summary>The metadata quorum as DescribeQuorum v2 answered: __cluster_metadata-0's state and the voters' endpoints.</summary>
internal sealed record QuorumState(DescribeQuorumResponse.PartitionData Partition, IReadOnlyList<DescribeQuorumResponse.Node> Nodes)
{
    /// <summary>Where the leader's first listener is, when the answer names one.</summary>
    public QuorumEndpoint? LeaderEndpoint =>
        Nodes.FirstOrDefault(n => n.NodeId == Partition.LeaderId)?.Listeners.FirstOrDefault() is { } listener
            ? new QuorumEndpoint(listener.Host, listener.Port)
            : null;

    /// <summary>The endpoints of a node, in Kafka's NAME://host:port form; none when the answer does not name it.</summary>
    public IEnumerable<ListenerEndpoint> EndpointsOf(int nodeId) =>
        Nodes.Where(n => n.NodeId == nodeId).SelectMany(n => n.Listeners).Select(l => new ListenerEndpoint(l.Name, l.Host, l.Port));
}
