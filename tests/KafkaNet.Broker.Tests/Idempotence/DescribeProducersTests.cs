using KafkaNet.Broker.Handlers;
using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using static KafkaNet.Broker.Tests.Idempotence.ProducerBatches;

namespace KafkaNet.Broker.Tests.Idempotence;

/// <summary>DescribeProducers v0 over a real socket: Kafka's errors per partition, and the producers a partition holds.</summary>
public sealed class DescribeProducersTests : IAsyncLifetime
{
    private const string Topic = "described";
    private TransactionalWire _wire = null!;

    public async Task InitializeAsync() => _wire = await TransactionalWire.StartAsync(TransactionalWire.Unverified(), (Topic, 2));

    public async Task DisposeAsync() => await _wire.DisposeAsync();

    [Fact]
    public async Task DescribeProducers_is_advertised_at_version_0()
    {
        var versions = await _wire.Session.SendAsync<ApiVersionsResponse>(ApiVersionsRequest.ApiKey, 2, new ApiVersionsRequest(), flexible: false);

        var api = Assert.Single(versions.ApiKeys, k => k.ApiKey == DescribeProducersRequest.ApiKey);
        Assert.Equal((0, 0), (api.MinVersion, api.MaxVersion));
    }

    [Fact]
    public async Task Each_partition_asked_for_gets_its_answer_in_request_order()
    {
        var response = await DescribeAsync(
            (Topic, [1, 7, 0, -1]),
            ("missing", [0, 1]),
            ("a/b", [0]));

        Assert.Equal([Topic, "missing", "a/b"], response.Topics.Select(t => t.Name));
        var known = response.Topics[0].Partitions;
        Assert.Equal([1, 7, 0, -1], known.Select(p => p.PartitionIndex));
        Assert.Equal(
            [ErrorCode.None, ErrorCode.UnknownTopicOrPartition, ErrorCode.None, ErrorCode.UnknownTopicOrPartition],
            known.Select(p => (ErrorCode)p.ErrorCode));
        Assert.All(response.Topics[1].Partitions, p => Assert.Equal(ErrorCode.UnknownTopicOrPartition, (ErrorCode)p.ErrorCode));
        Assert.All(response.Topics[1].Partitions, p => Assert.NotNull(p.ErrorMessage));
        Assert.Equal(ErrorCode.InvalidTopicException, (ErrorCode)Assert.Single(response.Topics[2].Partitions).ErrorCode);
    }

    [Fact]
    public async Task Partition_of_a_known_topic_without_a_log_here_is_NOT_LEADER_OR_FOLLOWER()
    {
        using var dir = new TempDirectory();
        using var broker = new KafkaBroker(new BrokerOptions { DataDirectory = dir.Path }, partitionStorage: new RecordingPartitionStorage());
        broker.Topics.Create(new TopicSpec("elsewhere", 1, 1, []), validateOnly: false);
        var header = new RequestHeader { RequestApiKey = DescribeProducersRequest.ApiKey, RequestApiVersion = 0, ClientId = "test" };
        var request = new DescribeProducersRequest { Topics = [new() { Name = "elsewhere", PartitionIndexes = [0, 1] }] };

        var response = (DescribeProducersResponse?)await new DescribeProducersHandler().HandleAsync(new RequestContext(broker, header, "c1"), request, CancellationToken.None);

        Assert.NotNull(response);
        Assert.Equal(
            [ErrorCode.NotLeaderOrFollower, ErrorCode.UnknownTopicOrPartition],
            Assert.Single(response.Topics).Partitions.Select(p => (ErrorCode)p.ErrorCode));
    }

    [Fact]
    public async Task Idempotent_producer_is_listed_with_its_epoch_and_last_sequence()
    {
        await _wire.ProduceOneAsync(Request(Topic, 0, Batch(5000, 2, baseSequence: 0, count: 3)));
        await _wire.ProduceOneAsync(Request(Topic, 0, Batch(5000, 2, baseSequence: 3, count: 2)));

        var response = await DescribeAsync((Topic, [0, 1]));

        var partitions = Assert.Single(response.Topics).Partitions;
        var producer = Assert.Single(partitions[0].ActiveProducers);
        Assert.Equal((5000L, 2, 4, -1L), (producer.ProducerId, producer.ProducerEpoch, producer.LastSequence, producer.CurrentTxnStartOffset));
        Assert.True(producer.LastTimestamp > 0);
        Assert.Empty(partitions[1].ActiveProducers);
    }

    [Fact]
    public async Task Producer_with_an_open_transaction_shows_where_it_started()
    {
        await _wire.ProduceOneAsync(Request(Topic, 1, Plain(count: 2)));
        await _wire.ProduceOneAsync(Request(Topic, 1, Batch(5001, 0, baseSequence: 0, count: 2, transactional: true), transactionalId: "describe"));

        var response = await DescribeAsync((Topic, [1]));

        var producer = Assert.Single(Assert.Single(Assert.Single(response.Topics).Partitions).ActiveProducers);
        Assert.Equal((5001L, 2L), (producer.ProducerId, producer.CurrentTxnStartOffset));
    }

    private Task<DescribeProducersResponse> DescribeAsync(params (string Name, int[] Partitions)[] topics)
    {
        var request = new DescribeProducersRequest { Topics = [.. topics.Select(t => new DescribeProducersRequest.TopicRequest { Name = t.Name, PartitionIndexes = [.. t.Partitions] })] };
        return _wire.Session.SendAsync<DescribeProducersResponse>(DescribeProducersRequest.ApiKey, 0, request, flexible: true);
    }
}
