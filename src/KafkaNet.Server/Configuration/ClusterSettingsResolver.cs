using KafkaNet.Broker;
using Defs = KafkaNet.Server.Configuration.BrokerConfigDefinitions;

namespace KafkaNet.Server.Configuration;

/// <summary>
/// Builds <see cref="ClusterSettings"/> and applies Kafka's startup rules for a KRaft node. Without
/// controller.quorum.voters or controller.quorum.bootstrap.servers the node is standalone: a combined
/// broker and controller that is its own only voter, which needs no controller listener.
/// </summary>
internal static class ClusterSettingsResolver
{
    private const string BrokerRole = "broker";
    private const string ControllerRole = "controller";

    /// <exception cref="ConfigException">The quorum, role, listener or replication settings do not fit together.</exception>
    public static ClusterSettings Resolve(
        ConfigValues values, IReadOnlyList<ListenerEndpoint> listeners, IReadOnlyList<string> controllerListenerNames, string interBrokerListenerName)
    {
        var roleNames = values.GetList(Defs.ProcessRoles);
        var settings = new ClusterSettings
        {
            Roles = (roleNames.Contains(BrokerRole) ? ProcessRoles.Broker : ProcessRoles.None)
                | (roleNames.Contains(ControllerRole) ? ProcessRoles.Controller : ProcessRoles.None),
            NodeId = values.GetInt(Defs.NodeId),
            Voters = QuorumAddresses.ParseVoters(values.GetList(Defs.ControllerQuorumVoters)),
            BootstrapServers = QuorumAddresses.ParseHostPorts(values.GetList(Defs.ControllerQuorumBootstrapServers)),
            ControllerListenerNames = controllerListenerNames,
            InterBrokerListenerName = interBrokerListenerName,
            Rack = values.GetOptionalString(Defs.BrokerRack),
            DefaultReplicationFactor = checked((short)values.GetInt(Defs.DefaultReplicationFactor)),
            MinInsyncReplicas = values.GetInt(Defs.MinInsyncReplicas),
            UncleanLeaderElectionEnable = values.GetBoolean(Defs.UncleanLeaderElectionEnable),
            ReplicaLagTimeMaxMs = values.GetLong(Defs.ReplicaLagTimeMaxMs),
            ReplicaFetchMaxBytes = values.GetInt(Defs.ReplicaFetchMaxBytes),
            ReplicaFetchWaitMaxMs = values.GetInt(Defs.ReplicaFetchWaitMaxMs),
            ReplicaFetchMinBytes = values.GetInt(Defs.ReplicaFetchMinBytes),
            NumReplicaFetchers = values.GetInt(Defs.NumReplicaFetchers),
            ReplicaSelectorClass = values.GetOptionalString(Defs.ReplicaSelectorClass),
            BrokerSessionTimeoutMs = values.GetInt(Defs.BrokerSessionTimeoutMs),
            BrokerHeartbeatIntervalMs = values.GetInt(Defs.BrokerHeartbeatIntervalMs),
            AutoLeaderRebalanceEnable = values.GetBoolean(Defs.AutoLeaderRebalanceEnable),
            LeaderImbalanceCheckIntervalSeconds = values.GetLong(Defs.LeaderImbalanceCheckIntervalSeconds),
            LeaderImbalancePerBrokerPercentage = values.GetInt(Defs.LeaderImbalancePerBrokerPercentage),
            ControllerQuorumElectionTimeoutMs = values.GetInt(Defs.ControllerQuorumElectionTimeoutMs),
            ControllerQuorumFetchTimeoutMs = values.GetInt(Defs.ControllerQuorumFetchTimeoutMs),
        };

        CheckQuorum(values, settings);
        CheckControllerListeners(settings, listeners);
        CheckReplicaFetchWait(settings);
        return settings;
    }

    private static void CheckQuorum(ConfigValues values, ClusterSettings settings)
    {
        if (settings.IsStandalone)
        {
            if (!settings.IsBroker || !settings.IsController)
            {
                throw new ConfigException(
                    Defs.ControllerQuorumVoters.Name,
                    string.Empty,
                    $"A node whose {Defs.ProcessRoles.Name} is not broker,controller must find its quorum through {Defs.ControllerQuorumVoters.Name} or {Defs.ControllerQuorumBootstrapServers.Name}");
            }

            return;
        }

        // The default node.id suits one standalone node only; in a quorum two nodes would clash.
        if (!values.IsWritten(Defs.NodeId))
        {
            throw ConfigException.MissingRequired(Defs.NodeId.Name);
        }

        if (settings.Voters.Count == 0)
        {
            // A controller with bootstrap servers and no voters belongs to a dynamic quorum (KIP-853): its voters come
            // from the format (kafkanet-server format) and change through AddRaftVoter and RemoveRaftVoter.
            return;
        }

        var isVoter = settings.Voters.Any(v => v.NodeId == settings.NodeId);
        if (settings.IsController && !isVoter)
        {
            throw new ConfigException(
                Defs.ControllerQuorumVoters.Name,
                VotersText(settings),
                $"{Defs.NodeId.Name}={settings.NodeId} has the controller role, so it must be one of the voters");
        }

        if (!settings.IsController && isVoter)
        {
            throw new ConfigException(
                Defs.ControllerQuorumVoters.Name,
                VotersText(settings),
                $"{Defs.NodeId.Name}={settings.NodeId} has only the broker role, so it must not be a voter");
        }
    }

    // A controller listens on its controller listeners; a broker-only node uses them to reach the controllers
    // and must not bind them itself.
    private static void CheckControllerListeners(ClusterSettings settings, IReadOnlyList<ListenerEndpoint> listeners)
    {
        var names = settings.ControllerListenerNames;
        var text = string.Join(',', names);
        if (names.Count == 0)
        {
            if (!settings.IsStandalone)
            {
                throw new ConfigException(
                    Defs.ControllerListenerNames.Name, text, "A node in a configured quorum must name at least one controller listener");
            }

            return;
        }

        if (settings.IsController && names.FirstOrDefault(n => !listeners.Any(l => l.Name == n)) is { } missing)
        {
            throw new ConfigException(
                Defs.ControllerListenerNames.Name, text, $"Controller listener {missing} is not defined in {Defs.Listeners.Name}");
        }

        if (!settings.IsController && names.FirstOrDefault(n => listeners.Any(l => l.Name == n)) is { } bound)
        {
            throw new ConfigException(
                Defs.ControllerListenerNames.Name, text, $"A node with only the broker role must not bind the controller listener {bound} in {Defs.Listeners.Name}");
        }
    }

    private static void CheckReplicaFetchWait(ClusterSettings settings)
    {
        // Kafka's rule: a follower that waits longer than the lag limit would drop out of the ISR while waiting.
        if (settings.ReplicaFetchWaitMaxMs > settings.ReplicaLagTimeMaxMs)
        {
            throw new ConfigException(
                Defs.ReplicaFetchWaitMaxMs.Name,
                settings.ReplicaFetchWaitMaxMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"It must not exceed {Defs.ReplicaLagTimeMaxMs.Name}={settings.ReplicaLagTimeMaxMs}");
        }
    }

    private static string VotersText(ClusterSettings settings) => string.Join(',', settings.Voters);
}
