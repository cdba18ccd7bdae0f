using KafkaNet.Broker.Controller;
using KafkaNet.Cluster.Network;
using KafkaNet.Cluster.Tests.Network;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Tests.Node;

/// <summary>
/// Envelope, which brokers forward clients' topic mutations in, is an inter-broker API: the controller listener serves
/// it, client listeners do not, and it carries only the mutations the controller charges for its client.
/// </summary>
public sealed class EnvelopeListenerTests
{
    [Fact]
    public async Task Only_the_controller_listener_serves_envelopes_and_answers_the_inner_request()
    {
        await using var cluster = await EmbeddedKafkaCluster.StartAsync(1);
        var node = cluster.Nodes[1];
        int clientPort = node.Broker.Options.AdvertisedEndpoint.Port;
        int controllerPort = node.Broker.Options.Cluster.Voters.Single(v => v.NodeId == 1).Port;
        await using var controller = new NodeClient(new NodeAddress(1, "127.0.0.1", controllerPort));
        await using var client = new NodeClient(new NodeAddress(1, "127.0.0.1", clientPort));

        var created = await SendAsync(controller, Create("enveloped"));
        var other = await controller.SendAsync<EnvelopeResponse>(
            ForwardedRequest.Wrap(new MetadataRequest(), MetadataRequest.ApiKey, 12, "tool", "User:alice", "/127.0.0.1"), EnvelopeRequest.ApiKey, 0, NodeClientTests.Timeout());

        var topic = Assert.Single(ForwardedRequest.ReadAnswer<CreateTopicsResponse>(created, CreateTopicsRequest.ApiKey, 7).Topics);
        Assert.Equal(("enveloped", (short)0), (topic.Name, topic.ErrorCode));
        Assert.Equal((short)ErrorCode.InvalidRequest, other.ErrorCode);
        // As Kafka does with a request for an API its listener does not enable: the connection closes.
        await Assert.ThrowsAsync<NodeUnreachableException>(() => SendAsync(client, Create("not-enveloped")));
        Assert.Null(node.Broker.Topics.Find("not-enveloped"));
    }

    private static EnvelopeRequest Create(string name)
    {
        var request = new CreateTopicsRequest { TimeoutMs = 10_000 };
        request.Topics.Add(new CreateTopicsRequest.CreatableTopic { Name = name, NumPartitions = 1, ReplicationFactor = 1 });
        return ForwardedRequest.Wrap(request, CreateTopicsRequest.ApiKey, 7, "tool", "User:alice", "/127.0.0.1");
    }

    private static Task<EnvelopeResponse> SendAsync(NodeClient client, EnvelopeRequest envelope) =>
        client.SendAsync<EnvelopeResponse>(envelope, EnvelopeRequest.ApiKey, 0, NodeClientTests.Timeout());
}
