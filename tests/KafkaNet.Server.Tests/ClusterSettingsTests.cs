using KafkaNet.Broker;
using KafkaNet.Server.Configuration;

namespace KafkaNet.Server.Tests;

public class ClusterSettingsTests
{
    private const string ControllerListeners = "listeners=PLAINTEXT://:9092,CONTROLLER://:9093";
    private const string ControllerProtocols = "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT";

    [Fact]
    public void No_properties_gives_a_standalone_combined_node()
    {
        var cluster = Props.Load().Cluster;

        Assert.Equal(ProcessRoles.Broker | ProcessRoles.Controller, cluster.Roles);
        Assert.True(cluster.IsStandalone);
        Assert.Equal(1, cluster.NodeId);
        Assert.Empty(cluster.Voters);
        Assert.Empty(cluster.BootstrapServers);
        Assert.Empty(cluster.ControllerListenerNames);
        Assert.Equal("PLAINTEXT", cluster.InterBrokerListenerName);
        Assert.Null(cluster.Rack);
    }

    [Fact]
    public void Replication_and_quorum_defaults_match_kafka()
    {
        var cluster = Props.Load().Cluster;

        Assert.Equal(1, cluster.DefaultReplicationFactor);
        Assert.Equal(1, cluster.MinInsyncReplicas);
        Assert.False(cluster.UncleanLeaderElectionEnable);
        Assert.Equal(30000, cluster.ReplicaLagTimeMaxMs);
        Assert.Equal(1048576, cluster.ReplicaFetchMaxBytes);
        Assert.Equal(500, cluster.ReplicaFetchWaitMaxMs);
        Assert.Equal(1, cluster.ReplicaFetchMinBytes);
        Assert.Equal(1, cluster.NumReplicaFetchers);
        Assert.Equal(9000, cluster.BrokerSessionTimeoutMs);
        Assert.Equal(2000, cluster.BrokerHeartbeatIntervalMs);
        Assert.True(cluster.AutoLeaderRebalanceEnable);
        Assert.Equal(300, cluster.LeaderImbalanceCheckIntervalSeconds);
        Assert.Equal(10, cluster.LeaderImbalancePerBrokerPercentage);
        Assert.Equal(1000, cluster.ControllerQuorumElectionTimeoutMs);
        Assert.Equal(2000, cluster.ControllerQuorumFetchTimeoutMs);
    }

    [Fact]
    public void Defaults_match_a_fresh_settings_object()
    {
        var parsed = Props.Load().Cluster;
        var fresh = new ClusterSettings();

        Assert.All(typeof(ClusterSettings).GetProperties(), p =>
        {
            if (p.PropertyType.IsValueType || p.PropertyType == typeof(string))
            {
                Assert.Equal(p.GetValue(fresh), p.GetValue(parsed));
            }
        });
    }

    [Fact]
    public void A_controller_of_a_three_voter_quorum_is_parsed()
    {
        var cluster = Props.Load(
            "node.id=2",
            "controller.quorum.voters=1@c1:9093,2@c2:9093,3@[::1]:9094",
            "controller.listener.names=controller",
            ControllerListeners,
            ControllerProtocols,
            "broker.rack=rack-b",
            "default.replication.factor=3",
            "min.insync.replicas=2",
            "unclean.leader.election.enable=true",
            "replica.lag.time.max.ms=10000",
            "num.replica.fetchers=4",
            "controller.quorum.election.timeout.ms=1500").Cluster;

        Assert.False(cluster.IsStandalone);
        Assert.Equal(2, cluster.NodeId);
        Assert.Equal([new ControllerQuorumVoter(1, "c1", 9093), new ControllerQuorumVoter(2, "c2", 9093), new ControllerQuorumVoter(3, "::1", 9094)], cluster.Voters);
        Assert.Equal(["CONTROLLER"], cluster.ControllerListenerNames);
        Assert.Equal("rack-b", cluster.Rack);
        Assert.Equal(3, cluster.DefaultReplicationFactor);
        Assert.Equal(2, cluster.MinInsyncReplicas);
        Assert.True(cluster.UncleanLeaderElectionEnable);
        Assert.Equal(10000, cluster.ReplicaLagTimeMaxMs);
        Assert.Equal(4, cluster.NumReplicaFetchers);
        Assert.Equal(1500, cluster.ControllerQuorumElectionTimeoutMs);
    }

    [Fact]
    public void A_broker_only_node_finds_controllers_through_bootstrap_servers()
    {
        var cluster = Props.Load(
            "process.roles=broker",
            "node.id=7",
            "controller.quorum.bootstrap.servers=c1:9093,[::1]:9093",
            "controller.listener.names=CONTROLLER").Cluster;

        Assert.Equal(ProcessRoles.Broker, cluster.Roles);
        Assert.True(cluster.IsBroker);
        Assert.False(cluster.IsController);
        Assert.Equal([new BrokerEndpoint("c1", 9093), new BrokerEndpoint("::1", 9093)], cluster.BootstrapServers);
    }

    [Fact]
    public void A_controller_only_node_binds_its_controller_listener_and_advertises_nothing_to_clients()
    {
        var config = Props.Load(
            "process.roles=controller", "node.id=1", "controller.quorum.voters=1@c1:9093,2@c2:9093,3@c3:9093",
            "controller.listener.names=CONTROLLER", "listeners=CONTROLLER://:9093", ControllerProtocols);

        Assert.Equal(ProcessRoles.Controller, config.Cluster.Roles);
        Assert.Empty(config.AdvertisedListeners);
        Assert.Empty(config.BrokerListeners);
        Assert.Equal(3, config.Cluster.Voters.Count);
    }

    [Fact]
    public void A_controller_only_node_must_not_bind_a_client_listener()
    {
        var e = Props.Rejects(
            "listeners", "PLAINTEXT://:9092,CONTROLLER://:9093",
            "process.roles=controller", "node.id=1", "controller.quorum.voters=1@c1:9093", "controller.listener.names=CONTROLLER", ControllerProtocols);

        Assert.Contains("PLAINTEXT", e.Message);
    }

    [Fact]
    public void A_broker_only_node_of_a_static_quorum_is_no_voter_and_binds_client_listeners_only()
    {
        var config = Props.Load(
            "process.roles=broker", "node.id=4", "controller.quorum.voters=1@c1:9093,2@c2:9093,3@c3:9093",
            "controller.listener.names=CONTROLLER", "listeners=PLAINTEXT://:9092", ControllerProtocols);

        Assert.Equal(ProcessRoles.Broker, config.Cluster.Roles);
        Assert.Equal(["PLAINTEXT"], config.AdvertisedListeners.Select(l => l.Name));
        Assert.DoesNotContain(config.Cluster.Voters, v => v.NodeId == 4);
    }

    [Fact]
    public void A_controller_with_bootstrap_servers_and_no_voters_belongs_to_a_dynamic_quorum()
    {
        var cluster = Props.Load(
            "controller.quorum.bootstrap.servers=c1:9093",
            "process.roles=controller", "node.id=1", "controller.listener.names=CONTROLLER", "listeners=CONTROLLER://:9093", ControllerProtocols).Cluster;

        Assert.True(cluster.IsController);
        Assert.Empty(cluster.Voters);
        Assert.False(cluster.IsStandalone);
        Assert.Equal([new BrokerEndpoint("c1", 9093)], cluster.BootstrapServers);
    }

    [Fact]
    public void A_configured_quorum_requires_node_id()
    {
        var e = Assert.Throws<ConfigException>(() => Props.Load(
            "controller.quorum.voters=1@localhost:9093", "controller.listener.names=CONTROLLER", ControllerListeners, ControllerProtocols));

        Assert.Equal("node.id", e.PropertyName);
        Assert.Equal("Missing required configuration \"node.id\" which has no default value.", e.Message);
    }

    [Fact]
    public void Broker_id_alias_counts_as_setting_node_id()
    {
        var cluster = Props.Load(
            "broker.id=1", "controller.quorum.voters=1@localhost:9093", "controller.listener.names=CONTROLLER", ControllerListeners, ControllerProtocols).Cluster;

        Assert.Equal(1, cluster.NodeId);
    }

    [Fact]
    public void A_controller_must_be_one_of_the_voters()
    {
        var e = Props.Rejects(
            "controller.quorum.voters", "2@localhost:9093", "node.id=1", "controller.listener.names=CONTROLLER", ControllerListeners, ControllerProtocols);

        Assert.Contains("node.id=1", e.Message);
    }

    [Fact]
    public void A_broker_only_node_must_not_be_a_voter()
    {
        Props.Rejects("controller.quorum.voters", "1@localhost:9093", "node.id=1", "process.roles=broker", "controller.listener.names=CONTROLLER");
    }

    [Theory]
    [InlineData("process.roles=broker")]
    [InlineData("process.roles=controller")]
    public void A_single_role_node_needs_a_quorum(string roles)
    {
        var e = Assert.Throws<ConfigException>(() => Props.Load(roles));

        Assert.Equal("controller.quorum.voters", e.PropertyName);
        Assert.Contains("controller.quorum.bootstrap.servers", e.Message);
    }

    [Fact]
    public void A_node_of_a_configured_quorum_needs_a_controller_listener()
    {
        var e = Assert.Throws<ConfigException>(() => Props.Load("node.id=1", "controller.quorum.voters=1@localhost:9093"));

        Assert.Equal("controller.listener.names", e.PropertyName);
    }

    [Fact]
    public void A_controller_must_bind_its_controller_listener()
    {
        var e = Props.Rejects("controller.listener.names", "CONTROLLER", "node.id=1", "controller.quorum.voters=1@localhost:9093");

        Assert.Contains("listeners", e.Message);
    }

    [Fact]
    public void A_broker_only_node_must_not_bind_the_controller_listener()
    {
        Props.Rejects(
            "controller.listener.names", "CONTROLLER", "node.id=3", "process.roles=broker",
            "controller.quorum.voters=1@localhost:9093", ControllerListeners, ControllerProtocols);
    }

    [Fact]
    public void A_standalone_node_checks_a_named_controller_listener_too()
    {
        Props.Rejects("controller.listener.names", "CONTROLLER");
    }

    [Fact]
    public void Replica_fetch_wait_may_not_exceed_the_lag_limit()
    {
        Assert.Equal(1000, Props.Load("replica.fetch.wait.max.ms=1000", "replica.lag.time.max.ms=1000").Cluster.ReplicaFetchWaitMaxMs);

        var e = Props.Rejects("replica.fetch.wait.max.ms", "1001", "replica.lag.time.max.ms=1000");

        Assert.Contains("replica.lag.time.max.ms=1000", e.Message);
    }
}
