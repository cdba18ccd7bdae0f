using KafkaNet.Cluster.Network;
using KafkaNet.Cluster.Tests.Network;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Tests.Node;

/// <summary>Which APIs each listener of a node serves: Kafka keeps the controller's own APIs off client listeners.</summary>
public sealed class ListenerApisTests
{
    private static readonly short[] ControllerOnly =
        [AlterPartitionRequest.ApiKey, BrokerRegistrationRequest.ApiKey, BrokerHeartbeatRequest.ApiKey, AllocateProducerIdsRequest.ApiKey];

    [Fact]
    public async Task The_client_listener_neither_advertises_nor_serves_the_controllers_own_apis()
    {
        await using var cluster = await EmbeddedKafkaCluster.StartAsync(1);
        var node = cluster.Nodes[1];
        int controllerPort = node.Broker.Options.Cluster.Voters.Single(v => v.NodeId == 1).Port;

        var onClientListener = await AdvertisedAsync(node.Broker.Options.AdvertisedEndpoint.Port);
        var onControllerListener = await AdvertisedAsync(controllerPort);

        Assert.All(ControllerOnly, key => Assert.DoesNotContain(key, onClientListener));
        Assert.All(ControllerOnly, key => Assert.Contains(key, onControllerListener));
        Assert.Contains(DescribeQuorumRequest.ApiKey, onClientListener);
        Assert.Contains(DescribeQuorumRequest.ApiKey, onControllerListener);
        // Brokers send admin requests to the controller listener, so it serves the client APIs as well.
        Assert.Contains(CreateTopicsRequest.ApiKey, onControllerListener);

        // A registration sent to the client listener registers nothing.
        long epochBefore = node.Controller.Image.Brokers[1].Epoch;
        await using var client = new NodeClient(new NodeAddress(1, "127.0.0.1", node.Broker.Options.AdvertisedEndpoint.Port));
        var request = new BrokerRegistrationRequest { BrokerId = 1, ClusterId = node.Broker.ClusterId, IncarnationId = Guid.NewGuid() };
        request.Listeners.Add(new() { Name = "PLAINTEXT", Host = "127.0.0.1", Port = 1, SecurityProtocol = 0 });
        // As Kafka does with a request for an API its listener does not enable: the connection closes.
        await Assert.ThrowsAsync<NodeUnreachableException>(() =>
            client.SendAsync<BrokerRegistrationResponse>(request, BrokerRegistrationRequest.ApiKey, 3, NodeClientTests.Timeout()));
        Assert.Equal(epochBefore, node.Controller.Image.Brokers[1].Epoch);
    }

    private static async Task<HashSet<short>> AdvertisedAsync(int port)
    {
        await using var client = new NodeClient(new NodeAddress(1, "127.0.0.1", port));
        var response = await client.SendAsync<ApiVersionsResponse>(NodeClientTests.ApiVersions(), ApiVersionsRequest.ApiKey, 3, NodeClientTests.Timeout());
        Assert.Equal(0, response.ErrorCode);
        return response.ApiKeys.Select(k => k.ApiKey).ToHashSet();
    }
}
