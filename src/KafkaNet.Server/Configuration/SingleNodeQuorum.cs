using KafkaNet.Broker;

namespace KafkaNet.Server.Configuration;

/// <summary>
/// Until partition replication is served, a node runs alone as broker and controller. A configuration that
/// needs other nodes (voters besides this one, or a single role) is refused at startup rather than run as an
/// independent node that would accept writes the others never see.
/// </summary>
internal static class SingleNodeQuorum
{
    public static void Check(ClusterSettings cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (cluster.Voters.FirstOrDefault(v => v.NodeId != cluster.NodeId) is { } other)
        {
            throw new ConfigException(
                BrokerConfigDefinitions.ControllerQuorumVoters.Name,
                string.Join(',', cluster.Voters.Select(v => $"{v.NodeId}@{v.Host}:{v.Port}")),
                $"names node {other.NodeId}, but clusters of more than one node are not served yet; a node runs alone as its only voter");
        }
        if (!cluster.IsBroker || !cluster.IsController)
        {
            throw new ConfigException(
                BrokerConfigDefinitions.ProcessRoles.Name,
                cluster.Roles.ToString(),
                "must be broker,controller: a node runs alone until clusters of more than one node are served");
        }
    }
}
