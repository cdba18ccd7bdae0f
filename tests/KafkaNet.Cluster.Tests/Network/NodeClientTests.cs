using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using KafkaNet.Broker;
using KafkaNet.Broker.Handlers;
using KafkaNet.Cluster.Network;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Cluster.Tests.Quorum;

namespace KafkaNet.Cluster.Tests.Network;

public sealed class NodeClientTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public async Task ApiVersions_round_trip_returns_the_brokers_ranges(short version)
    {
        await using var kafka = await EmbeddedKafka.StartAsync();
        await using var client = new NodeClient(new NodeAddress(1, "127.0.0.1", kafka.Port));

        var response = await client.SendAsync<ApiVersionsResponse>(
            ApiVersions(),
            ApiVersionsRequest.ApiKey, version, Timeout());

        Assert.Equal((short)ErrorCode.None, response.ErrorCode);
        var metadata = Assert.Single(response.ApiKeys, k => k.ApiKey == MetadataRequest.ApiKey);
        Assert.True(metadata.MaxVersion >= 12);
    }

    [Fact]
    public async Task Metadata_round_trip_names_the_broker_and_its_cluster()
    {
        await using var kafka = await EmbeddedKafka.StartAsync();
        await using var client = new NodeClient(new NodeAddress(1, "127.0.0.1", kafka.Port));

        var response = await client.SendAsync<MetadataResponse>(
            new MetadataRequest { Topics = null }, MetadataRequest.ApiKey, 12, Timeout());

        Assert.Equal(kafka.Broker.ClusterId, response.ClusterId);
        var broker = Assert.Single(response.Brokers);
        Assert.Equal(kafka.Port, broker.Port);
    }

    [Fact]
    public async Task Fifty_concurrent_requests_on_one_client_each_get_their_own_response()
    {
        await using var kafka = await EmbeddedKafka.StartAsync();
        await using var client = new NodeClient(new NodeAddress(1, "127.0.0.1", kafka.Port));

        var requests = Enumerable.Range(0, 50).Select(async i =>
        {
            var request = new MetadataRequest
            {
                Topics = [new MetadataRequest.MetadataRequestTopic { Name = "missing-" + i }],
                AllowAutoTopicCreation = false,
            };
            var response = await client.SendAsync<MetadataResponse>(request, MetadataRequest.ApiKey, (short)(i % 2 == 0 ? 9 : 4), Timeout());
            return (Asked: "missing-" + i, Answered: Assert.Single(response.Topics));
        }).ToList();

        foreach (var (asked, answered) in await Task.WhenAll(requests))
        {
            Assert.Equal(asked, answered.Name);
            Assert.Equal((short)ErrorCode.UnknownTopicOrPartition, answered.ErrorCode);
        }
    }

    [Fact]
    public async Task Stopping_the_node_fails_waiting_requests_and_the_next_request_reconnects_after_restart()
    {
        var root = QuorumTestSupport.TempDirectory();
        try
        {
            var gated = new GatedHandler(new MetadataHandler());
            var host = await KafkaTestHost.StartAsync(Path.Combine(root, "a"), 0, Handlers(gated));
            var port = host.Port;
            await using var client = new NodeClient(new NodeAddress(1, "127.0.0.1", port));
            var waiting = Enumerable.Range(0, 3)
                .Select(_ => client.SendAsync<MetadataResponse>(new MetadataRequest { Topics = null }, MetadataRequest.ApiKey, 9, Timeout()))
                .ToList();
            // The broker serves one non-produce request of a connection at a time, so one reaches the handler.
            await QuorumTestSupport.Until(() => gated.Waiting >= 1, "a request reached the held handler");

            await host.DisposeAsync();

            foreach (var request in waiting)
            {
                var error = await Assert.ThrowsAsync<NodeUnreachableException>(() => request);
                Assert.Equal(1, error.NodeId);
                Assert.Contains("node 1", error.Message, StringComparison.Ordinal);
            }

            await using var restarted = await KafkaTestHost.StartAsync(Path.Combine(root, "b"), port, KafkaBroker.DefaultHandlers());
            var response = await client.SendAsync<ApiVersionsResponse>(ApiVersions(), ApiVersionsRequest.ApiKey, 3, Timeout());
            Assert.Equal((short)ErrorCode.None, response.ErrorCode);
        }
        finally
        {
            QuorumTestSupport.DeleteQuietly(root);
        }
    }

    [Fact]
    public async Task A_request_without_a_response_times_out_and_can_be_cancelled()
    {
        var root = QuorumTestSupport.TempDirectory();
        try
        {
            var gated = new GatedHandler(new MetadataHandler());
            await using var host = await KafkaTestHost.StartAsync(root, 0, Handlers(gated));
            await using var client = new NodeClient(new NodeAddress(1, "127.0.0.1", host.Port),
                new NodeClientOptions { RequestTimeout = TimeSpan.FromMilliseconds(300) });

            await Assert.ThrowsAsync<TimeoutException>(
                () => client.SendAsync<MetadataResponse>(new MetadataRequest(), MetadataRequest.ApiKey, 9, CancellationToken.None));

            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
            var longer = new NodeClient(new NodeAddress(1, "127.0.0.1", host.Port));
            await using (longer)
            {
                await Assert.ThrowsAnyAsync<OperationCanceledException>(
                    () => longer.SendAsync<MetadataResponse>(new MetadataRequest(), MetadataRequest.ApiKey, 9, cancel.Token));
            }
        }
        finally
        {
            QuorumTestSupport.DeleteQuietly(root);
        }
    }

    [Fact]
    public async Task A_refused_connection_is_node_unreachable()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        await using var client = new NodeClient(new NodeAddress(7, "127.0.0.1", port));

        var error = await Assert.ThrowsAsync<NodeUnreachableException>(
            () => client.SendAsync<ApiVersionsResponse>(new ApiVersionsRequest(), ApiVersionsRequest.ApiKey, 3, Timeout()));

        Assert.Equal(7, error.NodeId);
        Assert.IsType<SocketException>(error.InnerException);
    }

    [Fact]
    public async Task An_undecodable_response_fails_the_request_as_node_unreachable()
    {
        // ApiVersions v3: error code, then a compact array whose length varint never ends.
        await using var server = new FakeNodeServer(correlationId =>
        {
            var frame = new byte[4 + 4 + 6];
            BinaryPrimitives.WriteInt32BigEndian(frame, 10);
            BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(4), correlationId);
            frame.AsSpan(8).Fill(0xFF);
            return frame;
        });
        await using var client = new NodeClient(new NodeAddress(2, "127.0.0.1", server.Port));

        var error = await Assert.ThrowsAsync<NodeUnreachableException>(
            () => client.SendAsync<ApiVersionsResponse>(new ApiVersionsRequest(), ApiVersionsRequest.ApiKey, 3, Timeout()));
        Assert.IsType<KafkaProtocolException>(error.InnerException);
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(200 * 1024 * 1024)]
    [InlineData(-5)]
    public async Task A_response_size_out_of_bounds_fails_before_buffering_the_body(int size)
    {
        await using var server = new FakeNodeServer(_ =>
        {
            var prefix = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(prefix, size);
            return prefix;
        });
        await using var client = new NodeClient(new NodeAddress(3, "127.0.0.1", server.Port));
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        var error = await Assert.ThrowsAsync<NodeUnreachableException>(
            () => client.SendAsync<ApiVersionsResponse>(new ApiVersionsRequest(), ApiVersionsRequest.ApiKey, 3, Timeout()));

        Assert.Contains("outside", error.Message, StringComparison.Ordinal);
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore < 50L * 1024 * 1024, "the oversized body was not buffered");
    }

    internal static ApiVersionsRequest ApiVersions() => new() { ClientSoftwareName = "kafkanet-node", ClientSoftwareVersion = "1.0" };

    private static List<IApiHandler> Handlers(GatedHandler gated) =>
        KafkaBroker.DefaultHandlers().Where(h => h.ApiKey != gated.ApiKey).Append(gated).ToList();

    internal static CancellationToken Timeout() => new CancellationTokenSource(Deadline).Token;
}
