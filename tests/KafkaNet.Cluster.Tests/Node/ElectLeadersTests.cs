using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Embedded;

namespace KafkaNet.Cluster.Tests.Node;

public sealed class ElectLeadersTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task A_single_node_answers_election_not_needed_for_its_partitions()
    {
        await using var kafka = await EmbeddedKafka.StartAsync();
        using var admin = ThreeNodeClusterTests.Admin(kafka.BootstrapServers);
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "alone", NumPartitions = 1, ReplicationFactor = 1 }]);
        var error = await Assert.ThrowsAsync<ElectLeadersException>(() =>
            admin.ElectLeadersAsync(ElectionType.Preferred, [new TopicPartition("alone", 0)]));
        Assert.Equal(ErrorCode.ElectionNotNeeded, error.Results.TopicPartitions.Single().Error.Code);
    }

    [Fact]
    public async Task A_cluster_forwards_elections_to_the_controller()
    {
        using var admin = ThreeNodeClusterTests.Admin(fixture.Cluster.BootstrapServersOf(3));
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "elected", NumPartitions = 1, ReplicationFactor = 3 }]);
        var error = await Assert.ThrowsAsync<ElectLeadersException>(() =>
            admin.ElectLeadersAsync(ElectionType.Preferred, [new TopicPartition("elected", 0), new TopicPartition("elected", 5)]));
        var results = error.Results.TopicPartitions.ToDictionary(r => r.Partition.Value, r => r.Error.Code);
        Assert.Equal(ErrorCode.ElectionNotNeeded, results[0]);
        Assert.Equal(ErrorCode.UnknownTopicOrPart, results[5]);
    }
}
