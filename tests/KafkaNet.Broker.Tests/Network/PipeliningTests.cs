using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Messages;
using static KafkaNet.Broker.Tests.Network.PipelinedWire;

namespace KafkaNet.Broker.Tests.Network;

/// <summary>Several requests sent back to back on one connection, against the real handlers.</summary>
public sealed class PipeliningTests : IAsyncLifetime
{
    private const string Topic = "pipelined";
    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync()
    {
        _kafka = await EmbeddedKafka.StartAsync();
        _kafka.CreateTopic(new TopicSpec(Topic, 1, 1, []));
    }

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    [Fact]
    public async Task Pipelined_produces_to_one_partition_land_in_arrival_order_with_their_bytes_intact()
    {
        // Large and small frames mixed, so some are received straight from the socket and some from the pipe.
        int[] sizes = [300_000, 100, 700_000, 10, 64 * 1024, 5, 1_000_000, 1];
        var batches = sizes.Select(Batch).ToList();
        using var connection = await RawKafkaConnection.ConnectAsync(_kafka.Port);
        await connection.SendAsync([.. batches.SelectMany((batch, i) => ProduceFrame(100 + i, Topic, batch))]);
        for (int i = 0; i < batches.Count; i++)
        {
            var response = await ReceiveProduceAsync(connection, 100 + i);
            Assert.Equal((0, (long)i), (response.ErrorCode, response.BaseOffset));
        }
        await AssertLogHoldsAsync(_kafka.Port, Topic, batches);
    }

    [Fact]
    public async Task Responses_to_mixed_pipelined_requests_keep_request_order()
    {
        var batch = Batch(50);
        using var connection = await RawKafkaConnection.ConnectAsync(_kafka.Port);
        await connection.SendAsync([.. ApiVersionsFrame(1), .. ProduceFrame(2, Topic, batch), .. FetchFrame(3, Topic, 0), .. ApiVersionsFrame(4), .. ProduceFrame(5, Topic, batch)]);
        Assert.Equal(0, (await ReceiveAsync<ApiVersionsResponse>(connection, 1, 0)).ErrorCode);
        Assert.Equal(0L, (await ReceiveProduceAsync(connection, 2)).BaseOffset);
        var fetched = await ReceiveAsync<FetchResponse>(connection, 3, FetchVersion);
        Assert.Equal(0, Assert.Single(Assert.Single(fetched.Responses).Partitions).ErrorCode);
        Assert.Equal(0, (await ReceiveAsync<ApiVersionsResponse>(connection, 4, 0)).ErrorCode);
        Assert.Equal(1L, (await ReceiveProduceAsync(connection, 5)).BaseOffset);
    }

    [Fact]
    public async Task A_request_that_closes_the_connection_is_the_last_one_served()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(_kafka.Port);
        // A failed acks=0 produce closes the connection.
        await connection.SendAsync([.. ApiVersionsFrame(1), .. ProduceFrame(2, "no-such-topic", Batch(10), acks: 0), .. ApiVersionsFrame(3), .. ProduceFrame(4, Topic, Batch(10))]);
        Assert.Equal(0, (await ReceiveAsync<ApiVersionsResponse>(connection, 1, 0)).ErrorCode);
        Assert.Null(await connection.ReceiveFrameAsync());
        Assert.Equal(0, await EndOffsetAsync());
    }

    [Fact]
    public async Task A_failed_acks_0_produce_closes_the_connection_before_the_produce_behind_it_starts()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(_kafka.Port);
        await connection.SendAsync([.. ProduceFrame(1, "no-such-topic", Batch(10), acks: 0), .. ProduceFrame(2, Topic, Batch(10)), .. ApiVersionsFrame(3)]);
        Assert.True(await connection.IsClosedByBrokerAsync());
        Assert.Equal(0, await EndOffsetAsync());
    }

    [Fact]
    public async Task A_bad_frame_behind_good_requests_closes_the_connection_after_answering_them()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(_kafka.Port);
        byte[] unknownApi = [0, 0, 0, 10, 0x27, 0x0f, 0, 0, 0, 0, 0, 3, 0xff, 0xff];
        await connection.SendAsync([.. ApiVersionsFrame(1), .. ProduceFrame(2, Topic, Batch(10)), .. unknownApi, .. ApiVersionsFrame(4)]);
        Assert.Equal(0, (await ReceiveAsync<ApiVersionsResponse>(connection, 1, 0)).ErrorCode);
        Assert.Equal(0L, (await ReceiveProduceAsync(connection, 2)).BaseOffset);
        Assert.Null(await connection.ReceiveFrameAsync());
    }

    private async Task<long> EndOffsetAsync()
    {
        using var session = await WireSession.OpenAsync(_kafka.Port);
        var request = new ListOffsetsRequest { ReplicaId = -1, Topics = [new() { Name = Topic, Partitions = [new() { PartitionIndex = 0, Timestamp = -1 }] }] };
        var response = await session.SendAsync<ListOffsetsResponse>(ListOffsetsRequest.ApiKey, 1, request, flexible: false);
        var partition = response.Topics[0].Partitions[0];
        Assert.Equal(0, partition.ErrorCode);
        return partition.Offset;
    }
}
