using KafkaNet.Broker.Replication;

namespace KafkaNet.Server.Tests;

public class ReplicaSelectorConfigTests
{
    [Fact]
    public void Unset_selector_lets_consumers_read_from_leaders_only()
    {
        Assert.Null(Props.Load().Cluster.ReplicaSelectorClass);
    }

    [Fact]
    public void Rack_aware_selector_reaches_the_cluster_settings()
    {
        var cluster = Props.Load("replica.selector.class=org.apache.kafka.common.replica.RackAwareReplicaSelector").Cluster;

        Assert.Equal(ReplicaSelector.RackAwareClassName, cluster.ReplicaSelectorClass);
    }

    [Theory]
    [InlineData("com.example.NearestReplicaSelector")]
    [InlineData("org.apache.kafka.common.replica.ReplicaSelector")]
    public void Any_other_selector_class_is_refused_as_kafka_refuses_a_missing_class(string value)
    {
        var e = Props.Rejects("replica.selector.class", value);

        Assert.Equal($"Invalid value {value} for configuration replica.selector.class: Class {value} cannot be found", e.Message);
    }
}
