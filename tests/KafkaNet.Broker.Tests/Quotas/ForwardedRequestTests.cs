using KafkaNet.Broker.Controller;
using KafkaNet.Protocol.Messages;
using ErrorCode = KafkaNet.Protocol.ErrorCode;

namespace KafkaNet.Broker.Tests.Quotas;

/// <summary>
/// The Envelope a broker forwards a client's mutation in carries what the controller keys the quota by: the client's
/// principal and client id (and its address for ACLs), and brings the controller's answer back unchanged.
/// </summary>
public sealed class ForwardedRequestTests
{
    [Fact]
    public void The_controller_reads_the_clients_principal_client_id_address_and_request()
    {
        var request = new CreateTopicsRequest { TimeoutMs = 5000 };
        request.Topics.Add(new CreateTopicsRequest.CreatableTopic { Name = "orders", NumPartitions = 3, ReplicationFactor = 1 });

        var envelope = ForwardedRequest.Wrap(request, CreateTopicsRequest.ApiKey, 7, "billing", "User:alice", "/10.0.0.9");
        var forwarded = ForwardedRequest.Unwrap(envelope);

        Assert.Equal("User:alice", forwarded.Principal);
        Assert.Equal("billing", forwarded.Header.ClientId);
        Assert.Equal("/10.0.0.9", forwarded.ClientHost);
        Assert.Equal((CreateTopicsRequest.ApiKey, (short)7), (forwarded.Header.RequestApiKey, forwarded.Header.RequestApiVersion));
        var topic = Assert.Single(((CreateTopicsRequest)forwarded.Body).Topics);
        Assert.Equal(("orders", 3), (topic.Name, topic.NumPartitions));
    }

    [Fact]
    public void The_controllers_errors_and_throttle_come_back_to_the_broker()
    {
        var request = new DeleteTopicsRequest { TimeoutMs = 5000 };
        request.TopicNames.Add("orders");
        var forwarded = ForwardedRequest.Unwrap(ForwardedRequest.Wrap(request, DeleteTopicsRequest.ApiKey, 5, "billing", "User:ANONYMOUS", "/127.0.0.1"));
        var response = new DeleteTopicsResponse { ThrottleTimeMs = 1234 };
        response.Responses.Add(new DeleteTopicsResponse.DeletableTopicResult { Name = "orders", ErrorCode = (short)ErrorCode.ThrottlingQuotaExceeded });

        var answer = ForwardedRequest.ReadAnswer<DeleteTopicsResponse>(forwarded.Answer(response), DeleteTopicsRequest.ApiKey, 5);

        Assert.Equal(1234, answer.ThrottleTimeMs);
        Assert.Equal(("orders", (short)ErrorCode.ThrottlingQuotaExceeded), (Assert.Single(answer.Responses).Name, answer.Responses[0].ErrorCode));
    }

    [Fact]
    public void A_refused_envelope_is_an_error_not_an_empty_answer()
    {
        var refused = new EnvelopeResponse { ErrorCode = (short)ErrorCode.ClusterAuthorizationFailed };

        var error = Assert.Throws<InvalidOperationException>(() => ForwardedRequest.ReadAnswer<CreateTopicsResponse>(refused, CreateTopicsRequest.ApiKey, 7));
        Assert.Contains("ClusterAuthorizationFailed", error.Message, StringComparison.Ordinal);
    }
}
