using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace KafkaNet.Compat.ConfluentKafka;

/// <summary>The AdminClient's topic and config administration.</summary>
[Collection(BrokerCollection.Name)]
public sealed class AdminTests(BrokerFixture broker)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Create_describe_alter_and_delete_a_topic_and_its_configs()
    {
        using var admin = broker.Admin();
        string topic = "admin-" + Guid.NewGuid().ToString("N")[..8];
        var resource = new ConfigResource { Type = ResourceType.Topic, Name = topic };

        await admin.CreateTopicsAsync(
            [new TopicSpecification { Name = topic, NumPartitions = 3, ReplicationFactor = 1, Configs = new() { ["retention.ms"] = "3600000", ["cleanup.policy"] = "compact" } }],
            new CreateTopicsOptions { RequestTimeout = Timeout });
        var duplicate = await Assert.ThrowsAsync<CreateTopicsException>(() =>
            admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 1, ReplicationFactor = 1 }]));
        Assert.Equal(ErrorCode.TopicAlreadyExists, duplicate.Results.Single().Error.Code);

        var described = await admin.DescribeTopicsAsync(TopicCollection.OfTopicNames([topic]), new DescribeTopicsOptions { RequestTimeout = Timeout });
        var description = Assert.Single(described.TopicDescriptions);
        Assert.Equal(topic, description.Name);
        Assert.Equal(ErrorCode.NoError, description.Error.Code);
        Assert.NotEqual(Guid.Empty.ToString(), description.TopicId.ToString());
        Assert.Equal([0, 1, 2], description.Partitions.Select(p => p.Partition));
        Assert.All(description.Partitions, p => Assert.Equal(broker.Kafka.Broker.Options.NodeId, p.Leader.Id));

        var configs = (await admin.DescribeConfigsAsync([resource])).Single().Entries;
        Assert.Equal("3600000", configs["retention.ms"].Value);
        Assert.False(configs["retention.ms"].IsDefault);
        Assert.Equal(ConfigSource.DynamicTopicConfig, configs["retention.ms"].Source);
        Assert.Equal("compact", configs["cleanup.policy"].Value);
        Assert.Equal("1048588", configs["max.message.bytes"].Value);
        Assert.True(configs["max.message.bytes"].IsDefault);

        await admin.IncrementalAlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
        {
            [resource] =
            [
                new ConfigEntry { Name = "retention.ms", Value = "7200000", IncrementalOperation = AlterConfigOpType.Set },
                new ConfigEntry { Name = "cleanup.policy", IncrementalOperation = AlterConfigOpType.Delete },
            ],
        });
        configs = (await admin.DescribeConfigsAsync([resource])).Single().Entries;
        Assert.Equal("7200000", configs["retention.ms"].Value);
        Assert.Equal("delete", configs["cleanup.policy"].Value);
        Assert.True(configs["cleanup.policy"].IsDefault);

        // The legacy AlterConfigs replaces the whole set of overrides.
        await admin.AlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
        {
            [resource] = [new ConfigEntry { Name = "segment.ms", Value = "600000" }],
        });
        configs = (await admin.DescribeConfigsAsync([resource])).Single().Entries;
        Assert.Equal("600000", configs["segment.ms"].Value);
        Assert.True(configs["retention.ms"].IsDefault);

        await admin.CreatePartitionsAsync([new PartitionsSpecification { Topic = topic, IncreaseTo = 5 }]);
        Assert.Equal(5, admin.GetMetadata(topic, Timeout).Topics.Single().Partitions.Count);

        await admin.DeleteTopicsAsync([topic], new DeleteTopicsOptions { RequestTimeout = Timeout });
        Assert.DoesNotContain(topic, admin.GetMetadata(Timeout).Topics.Select(t => t.Topic));
        var missing = await Assert.ThrowsAsync<DeleteTopicsException>(() => admin.DeleteTopicsAsync([topic]));
        Assert.Equal(ErrorCode.UnknownTopicOrPart, missing.Results.Single().Error.Code);
    }

    [Fact]
    public async Task DescribeCluster_reports_this_broker_as_controller()
    {
        using var admin = broker.Admin();
        var cluster = await admin.DescribeClusterAsync(new DescribeClusterOptions { RequestTimeout = Timeout });
        var node = Assert.Single(cluster.Nodes);
        Assert.Equal(broker.Kafka.Port, node.Port);
        Assert.Equal(node.Id, cluster.Controller.Id);
        Assert.Equal(broker.Kafka.Broker.ClusterId, cluster.ClusterId);
    }
}
