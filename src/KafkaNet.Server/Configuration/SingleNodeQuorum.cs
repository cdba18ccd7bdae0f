using KafkaNet.Broker;

namespace KafkaNet.Server.Configuration;

/// <summary>
/// Which quorums a node can serve: a node alone (its own only voter, or no voters), or one of several voters
/// with the combined roles broker,controller. A single role is refused at startup: brokers that follow the
/// metadata log without voting, and controllers without a broker, are not served yet.
/// </summary>
internal static class SingleNodeQuorum
{
    public static void Check(ClusterSettings cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (!cluster.IsBroker || !cluster.IsController)
        {
            throw new ConfigException(
                BrokerConfigDefinitions.ProcessRoles.Name,
                cluster.Roles.ToString(),
                "must be broker,controller: nodes with a single role are not served yet");
        }
        if (HasOtherVoters(cluster) && cluster.Voters.All(v => v.NodeId != cluster.NodeId))
        {
            throw new ConfigException(
                BrokerConfigDefinitions.ControllerQuorumVoters.Name,
                string.Join(',', cluster.Voters.Select(v => $"{v.NodeId}@{v.Host}:{v.Port}")),
                $"does not name node {cluster.NodeId}: a node with the controller role must be one of the voters");
        }
    }

    /// <summary>True when controller.quorum.voters names nodes besides this one: the node runs as part of a cluster.</summary>
    public static bool HasOtherVoters(ClusterSettings cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return cluster.Voters.Any(v => v.NodeId != cluster.NodeId);
    }
}
