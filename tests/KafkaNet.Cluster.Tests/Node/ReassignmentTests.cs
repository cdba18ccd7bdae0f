using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Cluster.Network;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Tests.Node;

// Confluent.Kafka has no reassignment API, so these tests send the requests themselves.
public sealed class ReassignmentTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static async Task<AlterPartitionReassignmentsResponse> ReassignAsync(NodeClient client, string topic, int[]? replicas)
    {
        var request = new AlterPartitionReassignmentsRequest();
        request.Topics.Add(new() { Name = topic, Partitions = [new() { PartitionIndex = 0, Replicas = replicas?.ToList() }] });
        return await client.SendAsync<AlterPartitionReassignmentsResponse>(request, AlterPartitionReassignmentsRequest.ApiKey, 0, CancellationToken.None);
    }

    private static Task<ListPartitionReassignmentsResponse> ListAsync(NodeClient client) =>
        client.SendAsync<ListPartitionReassignmentsResponse>(new ListPartitionReassignmentsRequest(), ListPartitionReassignmentsRequest.ApiKey, 0, CancellationToken.None);

    [Fact]
    public async Task A_partition_moves_from_brokers_one_and_two_to_two_and_three_with_its_records()
    {
        var cluster = fixture.Cluster;
        using var admin = ThreeNodeClusterTests.Admin(cluster.BootstrapServers);
        await admin.CreateTopicsAsync([new TopicSpecification
        {
            Name = "moving", NumPartitions = 1, ReplicationFactor = -1, ReplicasAssignments = new Dictionary<int, List<int>> { [0] = [1, 2] },
        }]);
        const int count = 20;
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, Acks = Acks.All }).Build())
        {
            for (int i = 0; i < count; i++)
            {
                await producer.ProduceAsync("moving", new Message<Null, string> { Value = "v" + i });
            }
        }

        await using var client = new NodeClient(new NodeAddress(3, "127.0.0.1", cluster.Nodes[3].Broker.Options.AdvertisedEndpoint.Port));
        var response = await ReassignAsync(client, "moving", [2, 3]);
        Assert.Equal(0, response.Responses.Single().Partitions.Single().ErrorCode);

        var deadline = DateTime.UtcNow + Timeout;
        PartitionMetadata partition;
        while (true)
        {
            partition = admin.GetMetadata("moving", Timeout).Topics.Single().Partitions.Single();
            if (partition.Replicas.SequenceEqual([2, 3]) || DateTime.UtcNow > deadline)
            {
                break;
            }
            await Task.Delay(200);
        }
        Assert.Equal([2, 3], partition.Replicas);
        Assert.Equal([2, 3], partition.InSyncReplicas.Order());
        Assert.Equal(2, partition.Leader);
        Assert.Empty((await ListAsync(client)).Topics);
        Assert.Equal(count, cluster.Nodes[3].Broker.Replicas!.Find("moving", 0)!.LogEndOffset);
    }

    [Fact]
    public async Task An_invalid_reassignment_sent_to_any_broker_is_refused_by_the_controller()
    {
        using var admin = ThreeNodeClusterTests.Admin(fixture.Cluster.BootstrapServers);
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "staying", NumPartitions = 1, ReplicationFactor = 2 }]);
        await using var client = new NodeClient(new NodeAddress(2, "127.0.0.1", fixture.Cluster.Nodes[2].Broker.Options.AdvertisedEndpoint.Port));
        Assert.Equal((short)Protocol.ErrorCode.InvalidReplicaAssignment, (await ReassignAsync(client, "staying", [1, 9])).Responses.Single().Partitions.Single().ErrorCode);
        Assert.Equal((short)Protocol.ErrorCode.NoReassignmentInProgress, (await ReassignAsync(client, "staying", null)).Responses.Single().Partitions.Single().ErrorCode);
    }

    [Fact]
    public async Task A_single_node_completes_a_reassignment_to_itself_and_refuses_other_brokers()
    {
        await using var kafka = await EmbeddedKafka.StartAsync();
        using (var admin = ThreeNodeClusterTests.Admin(kafka.BootstrapServers))
        {
            await admin.CreateTopicsAsync([new TopicSpecification { Name = "alone", NumPartitions = 1, ReplicationFactor = 1 }]);
        }
        var endpoint = kafka.BootstrapServers.Split(':');
        await using var client = new NodeClient(new NodeAddress(1, endpoint[0], int.Parse(endpoint[1], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(0, (await ReassignAsync(client, "alone", [1])).Responses.Single().Partitions.Single().ErrorCode);
        Assert.Equal((short)Protocol.ErrorCode.InvalidReplicaAssignment, (await ReassignAsync(client, "alone", [2])).Responses.Single().Partitions.Single().ErrorCode);
        Assert.Equal((short)Protocol.ErrorCode.UnknownTopicOrPartition, (await ReassignAsync(client, "nope", [1])).Responses.Single().Partitions.Single().ErrorCode);
        Assert.Empty((await ListAsync(client)).Topics);
    }
}
