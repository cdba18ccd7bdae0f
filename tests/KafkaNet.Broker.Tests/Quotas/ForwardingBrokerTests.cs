using System.Collections.Concurrent;
using KafkaNet.Broker.Controller;
using KafkaNet.Broker.Handlers;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using ErrorCode = KafkaNet.Protocol.ErrorCode;

namespace KafkaNet.Broker.Tests.Quotas;

/// <summary>
/// A broker whose controller is on another node sends a client's CreateTopics in an Envelope naming the client, and
/// answers the client with what the controller decided: its errors and its throttle.
/// </summary>
public sealed class ForwardingBrokerTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kafkanet-forwarding-" + Guid.NewGuid().ToString("N"));
    private readonly KafkaBroker _broker;

    public ForwardingBrokerTests()
    {
        _broker = new KafkaBroker(new BrokerOptions { DataDirectory = _directory });
    }

    public void Dispose()
    {
        _broker.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_envelope_names_the_client_and_the_controllers_throttle_comes_back()
    {
        var controller = new RemoteController(forwarded =>
        {
            var refused = new CreateTopicsResponse { ThrottleTimeMs = 777 };
            refused.Topics.Add(new CreateTopicsResponse.CreatableTopicResult { Name = "orders", ErrorCode = (short)ErrorCode.ThrottlingQuotaExceeded });
            return ForwardedRequest.Unwrap(forwarded).Answer(refused);
        });
        _broker.Controller = controller;

        var (response, context) = await CreateAsync("orders");

        var sent = ForwardedRequest.Unwrap(Assert.Single(controller.Sent));
        Assert.Equal(("User:alice", "billing", "/10.0.0.9"), (sent.Principal, sent.Header.ClientId, sent.ClientHost));
        Assert.Equal((short)ErrorCode.ThrottlingQuotaExceeded, Assert.Single(response.Topics).ErrorCode);
        Assert.Equal(777, response.ThrottleTimeMs);
        Assert.Equal(777, context.ThrottleTimeMs); // the client's connection is held, as for a throttle of this broker's
    }

    [Fact]
    public async Task An_envelope_the_controller_refuses_is_an_unknown_server_error_for_each_topic()
    {
        _broker.Controller = new RemoteController(_ => new EnvelopeResponse { ErrorCode = (short)ErrorCode.ClusterAuthorizationFailed });

        var (response, _) = await CreateAsync("orders", "payments");

        Assert.Equal([("orders", (short)ErrorCode.UnknownServerError), ("payments", (short)ErrorCode.UnknownServerError)],
            response.Topics.Select(t => (t.Name, t.ErrorCode)));
    }

    private async Task<(CreateTopicsResponse Response, RequestContext Context)> CreateAsync(params string[] names)
    {
        var request = new CreateTopicsRequest { TimeoutMs = 5000 };
        request.Topics.AddRange(names.Select(n => new CreateTopicsRequest.CreatableTopic { Name = n, NumPartitions = 1, ReplicationFactor = 1 }));
        var header = new RequestHeader { RequestApiKey = CreateTopicsRequest.ApiKey, RequestApiVersion = 7, ClientId = "billing" };
        var context = new RequestContext(_broker, header, "c1") { TlsPrincipal = "User:alice", ClientHost = "/10.0.0.9" };
        var response = await ((IApiHandler)new CreateTopicsHandler()).HandleAsync(context, request, CancellationToken.None);
        return ((CreateTopicsResponse)response!, context);
    }

    /// <summary>Another node's controller: answers envelopes with <paramref name="answer"/> and keeps what it was sent.</summary>
    private sealed class RemoteController(Func<EnvelopeRequest, EnvelopeResponse> answer) : IControllerChannel
    {
        public ConcurrentQueue<EnvelopeRequest> Sent { get; } = new();

        public bool IsLocal => false;

        public Task<TResponse> SendAsync<TResponse>(IKafkaMessage request, short apiKey, short apiVersion, CancellationToken cancellationToken)
            where TResponse : class, IKafkaMessage<TResponse>
        {
            var envelope = Assert.IsType<EnvelopeRequest>(request);
            Sent.Enqueue(envelope);
            return Task.FromResult((TResponse)(IKafkaMessage)answer(envelope));
        }
    }
}
