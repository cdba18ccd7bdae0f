using KafkaNet.Server.Configuration;

namespace KafkaNet.Server.Tests;

/// <summary>A node runs alone or as one of several voters with both roles; single roles are refused at startup.</summary>
public class SingleNodeQuorumTests
{
    private const string ControllerListeners = "listeners=PLAINTEXT://:9092,CONTROLLER://:9093";
    private const string ControllerProtocols = "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT";

    [Fact]
    public void The_default_standalone_node_starts()
        => SingleNodeQuorum.Check(Props.Load().Cluster);

    [Fact]
    public void Kafkas_single_node_quorum_of_itself_starts()
        => SingleNodeQuorum.Check(Props.Load(
            "node.id=1", "controller.quorum.voters=1@localhost:9093", "controller.listener.names=CONTROLLER", ControllerListeners, ControllerProtocols).Cluster);

    [Fact]
    public void A_quorum_of_combined_nodes_naming_others_runs_as_a_cluster_node()
    {
        var cluster = Props.Load(
            "node.id=2", "controller.quorum.voters=1@c1:9093,2@c2:9093", "controller.listener.names=CONTROLLER", ControllerListeners, ControllerProtocols).Cluster;

        SingleNodeQuorum.Check(cluster);

        Assert.True(SingleNodeQuorum.HasOtherVoters(cluster));
    }

    [Fact]
    public void A_node_alone_does_not_run_as_a_cluster_node()
        => Assert.False(SingleNodeQuorum.HasOtherVoters(Props.Load(
            "node.id=1", "controller.quorum.voters=1@localhost:9093", "controller.listener.names=CONTROLLER", ControllerListeners, ControllerProtocols).Cluster));

    [Fact]
    public void A_controller_only_node_of_a_larger_quorum_is_refused()
    {
        var cluster = Props.Load(
            "process.roles=controller", "node.id=1", "controller.quorum.voters=1@c1:9093,2@c2:9093", "controller.listener.names=CONTROLLER",
            ControllerListeners, ControllerProtocols).Cluster;

        var error = Assert.Throws<ConfigException>(() => SingleNodeQuorum.Check(cluster));

        Assert.Contains("process.roles", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broker_only_node_is_refused()
    {
        var cluster = Props.Load(
            "process.roles=broker", "node.id=7", "controller.quorum.bootstrap.servers=c1:9093", "controller.listener.names=CONTROLLER").Cluster;

        var error = Assert.Throws<ConfigException>(() => SingleNodeQuorum.Check(cluster));

        Assert.Contains("process.roles", error.Message, StringComparison.Ordinal);
    }
}
