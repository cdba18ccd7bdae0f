using System.Collections.Concurrent;
using KafkaNet.Broker.Controller;
using KafkaNet.Broker.Handlers;
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol.Messages;
using ErrorCode = KafkaNet.Protocol.ErrorCode;

namespace KafkaNet.Broker.Tests.Quotas;

/// <summary>
/// The controller serves an Envelope only for a sender with CLUSTER_ACTION (a broker), and then serves the inner
/// request as the forwarded client's: its ACLs are checked, as its quota is charged, under the client's principal.
/// </summary>
public sealed class EnvelopeHandlerTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kafkanet-envelope-" + Guid.NewGuid().ToString("N"));
    private readonly RecordingAuthorizer _authorizer = new();
    private readonly KafkaBroker _broker;

    public EnvelopeHandlerTests()
    {
        _broker = new KafkaBroker(new BrokerOptions { DataDirectory = _directory }) { Authorizer = _authorizer };
    }

    public void Dispose()
    {
        _broker.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_sender_without_cluster_action_is_refused_and_nothing_is_created()
    {
        var answer = await HandleAsync("User:mallory", Create("refused"));

        Assert.Equal((short)ErrorCode.ClusterAuthorizationFailed, answer.ErrorCode);
        Assert.Null(_broker.Topics.Find("refused"));
    }

    [Fact]
    public async Task The_inner_request_is_authorized_as_the_forwarded_client()
    {
        var answer = await HandleAsync("User:broker", Create("forwarded"));

        var topic = Assert.Single(ForwardedRequest.ReadAnswer<CreateTopicsResponse>(answer, CreateTopicsRequest.ApiKey, 7).Topics);
        Assert.Equal(0, topic.ErrorCode);
        Assert.NotNull(_broker.Topics.Find("forwarded"));
        Assert.Contains(("User:alice", "10.0.0.9", AclOperation.Create), _authorizer.Asked);
        Assert.DoesNotContain(_authorizer.Asked, a => a.Principal == "User:broker" && a.Operation == AclOperation.Create);
    }

    private async Task<EnvelopeResponse> HandleAsync(string sender, EnvelopeRequest envelope)
    {
        var header = new RequestHeader { RequestApiKey = EnvelopeRequest.ApiKey, RequestApiVersion = 0, ClientId = "broker-2-controller" };
        var context = new RequestContext(_broker, header, "c1") { TlsPrincipal = sender, ClientHost = "/127.0.0.2" };
        return (EnvelopeResponse)(await ((IApiHandler)new EnvelopeHandler()).HandleAsync(context, envelope, CancellationToken.None))!;
    }

    private static EnvelopeRequest Create(string name)
    {
        var request = new CreateTopicsRequest { TimeoutMs = 10_000 };
        request.Topics.Add(new CreateTopicsRequest.CreatableTopic { Name = name, NumPartitions = 1, ReplicationFactor = 1 });
        return ForwardedRequest.Wrap(request, CreateTopicsRequest.ApiKey, 7, "billing", "User:alice", "/10.0.0.9");
    }

    /// <summary>Lets brokers act for the cluster and alice do anything; remembers who was asked for what.</summary>
    private sealed class RecordingAuthorizer : IAuthorizer
    {
        public ConcurrentQueue<(string Principal, string Host, AclOperation Operation)> Asked { get; } = new();

        public bool Authorize(string principal, string host, AclOperation operation, AclResourceType resourceType, string resourceName)
        {
            Asked.Enqueue((principal, host, operation));
            return operation == AclOperation.ClusterAction ? principal == "User:broker" : principal == "User:alice";
        }

        public bool AuthorizeAny(string principal, string host, AclOperation operation, AclResourceType resourceType) => principal == "User:alice";
    }
}
