using System.Diagnostics;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using static KafkaNet.Broker.Tests.Quotas.MutationWire;
using static KafkaNet.Broker.Tests.Quotas.QuotaWire;
using ErrorCode = KafkaNet.Protocol.ErrorCode;

namespace KafkaNet.Broker.Tests.Quotas;

/// <summary>
/// controller_mutation_rate (KIP-599) over real sockets. One sample window of 1 s makes the bucket hold 2 partitions
/// at a rate of 2/s: a first request of 5 partitions is let through (the bucket may go below zero by one request),
/// and then the client is over its quota for (5 - 2) / 2 = 1.5 s. Each test has its own client id.
/// </summary>
public sealed class ControllerMutationQuotaTests : IAsyncLifetime
{
    private const short Throttled = (short)ErrorCode.ThrottlingQuotaExceeded;

    private EmbeddedKafka _kafka = null!;

    private int Port => _kafka.Port;

    public async Task InitializeAsync() =>
        _kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { Configure = o => o.QuotaWindowNum = 1 });

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    [Fact]
    public async Task CreateTopics_v7_refuses_the_topics_beyond_the_quota_with_a_throttle_time()
    {
        await LimitAsync("cm-create");

        var first = await CreateTopicsAsync(Port, "cm-create", 7, ("cm-create-a", 5), ("cm-create-b", 1));
        var second = await CreateTopicsAsync(Port, "cm-create", 7, ("cm-create-c", 1));

        Assert.Equal([("cm-create-a", (short)0), ("cm-create-b", Throttled)], first.Topics.Select(t => (t.Name, t.ErrorCode)));
        Assert.Equal("The throttling quota has been exceeded.", first.Topics[1].ErrorMessage);
        Assert.InRange(first.ThrottleTimeMs, 1000, 1500);
        Assert.Equal([("cm-create-c", Throttled)], second.Topics.Select(t => (t.Name, t.ErrorCode)));
        Assert.InRange(second.ThrottleTimeMs, 1, 1500); // less the time since the first request
        Assert.NotNull(_kafka.Broker.Topics.Find("cm-create-a"));
        Assert.Null(_kafka.Broker.Topics.Find("cm-create-b"));
        Assert.Null(_kafka.Broker.Topics.Find("cm-create-c"));
    }

    [Fact]
    public async Task CreateTopics_before_v6_is_served_and_only_throttled()
    {
        await LimitAsync("cm-old");

        var first = await CreateTopicsAsync(Port, "cm-old", 5, ("cm-old-a", 5));
        var second = await CreateTopicsAsync(Port, "cm-old", 5, ("cm-old-b", 5));

        Assert.Equal(0, Assert.Single(first.Topics).ErrorCode);
        Assert.Equal(0, Assert.Single(second.Topics).ErrorCode);
        Assert.InRange(first.ThrottleTimeMs, 1000, 1500);
        Assert.InRange(second.ThrottleTimeMs, 2000, 4000); // -8 tokens, less what refilled since the first request
    }

    [Fact]
    public async Task DeleteTopics_counts_the_partitions_it_deletes()
    {
        await _kafka.CreateTopicAsync(new TopicSpec("cm-delete-a", 5, 1, []));
        await _kafka.CreateTopicAsync(new TopicSpec("cm-delete-b", 1, 1, []));
        await LimitAsync("cm-delete");

        var deleted = await DeleteTopicsAsync(Port, "cm-delete", 6, "cm-delete-a", "cm-delete-b");

        Assert.Equal([("cm-delete-a", (short)0), ("cm-delete-b", Throttled)], deleted.Responses.Select(r => (r.Name, r.ErrorCode)));
        Assert.InRange(deleted.ThrottleTimeMs, 1000, 1500);
        Assert.NotNull(_kafka.Broker.Topics.Find("cm-delete-b"));
    }

    [Fact]
    public async Task CreatePartitions_counts_the_partitions_it_adds_and_is_throttled_before_v3()
    {
        await _kafka.CreateTopicAsync(new TopicSpec("cm-grow-a", 1, 1, []));
        await _kafka.CreateTopicAsync(new TopicSpec("cm-grow-b", 1, 1, []));
        await LimitAsync("cm-grow");

        var grown = await CreatePartitionsAsync(Port, "cm-grow", 3, ("cm-grow-a", 6), ("cm-grow-b", 2));
        var older = await CreatePartitionsAsync(Port, "cm-grow", 2, ("cm-grow-b", 5));

        Assert.Equal([("cm-grow-a", (short)0), ("cm-grow-b", Throttled)], grown.Results.Select(r => (r.Name, r.ErrorCode)));
        Assert.InRange(grown.ThrottleTimeMs, 1000, 1500);
        Assert.Equal(0, Assert.Single(older.Results).ErrorCode);
        Assert.InRange(older.ThrottleTimeMs, 1, 3500);
        Assert.Equal(5, _kafka.Broker.Topics.Find("cm-grow-b")!.PartitionCount);
    }

    [Fact]
    public async Task The_admin_client_is_throttled_on_the_versions_it_sends()
    {
        // librdkafka sends CreateTopics below v6, so it is throttled rather than refused: the second call waits out
        // the first one's 1.5 s throttle (the muted connection, and librdkafka honouring throttle_time_ms).
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = $"127.0.0.1:{Port}", ClientId = "cm-admin" }).Build();
        // Learn the cluster first, so both creations go over the same connection to the controller: librdkafka keeps
        // a throttle per connection, and so does the broker's mute.
        await admin.DescribeClusterAsync();
        await LimitAsync("cm-admin");

        await admin.CreateTopicsAsync([new TopicSpecification { Name = "cm-admin-a", NumPartitions = 5, ReplicationFactor = 1 }]);
        var clock = Stopwatch.StartNew();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "cm-admin-b", NumPartitions = 1, ReplicationFactor = 1 }]);

        Assert.True(clock.ElapsedMilliseconds >= 1000, $"the second creation took {clock.ElapsedMilliseconds} ms");
        Assert.NotNull(_kafka.Broker.Topics.Find("cm-admin-b"));
    }

    private async Task LimitAsync(string clientId) =>
        Assert.Equal(0, (await SetAsync(Port, [("client-id", clientId)], ("controller_mutation_rate", 2))).ErrorCode);
}
