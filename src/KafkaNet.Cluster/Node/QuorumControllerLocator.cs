using KafkaNet.Cluster.Network;
using KafkaNet.Cluster.Quorum;

namespace KafkaNet.Cluster.Node;

/// <summary>For a node with the controller role: its own quorum member knows the leader, at that voter's address.</summary>
public sealed class QuorumControllerLocator(MetadataQuorum quorum) : IControllerLocator
{
    public bool IsLocalLeader => quorum.IsLeader;

    public NodeAddress? ActiveController =>
        quorum.LeaderId is { } leader && leader != quorum.NodeId && quorum.FindVoter(leader) is { } voter
            ? new NodeAddress(leader, voter.Host, voter.Port)
            : null;

    public void Forget(NodeAddress controller)
    {
        // The quorum learns of a new leader by itself.
    }
}
