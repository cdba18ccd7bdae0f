// Envelope (key 58), version 0: served on the controller listener only.
// A broker forwards a client's CreateTopics, DeleteTopics or CreatePartitions inside it with the client's principal
// and address (KIP-590). The sender needs CLUSTER_ACTION on the cluster, else CLUSTER_AUTHORIZATION_FAILED; the inner
// request is then served as the client's own (its ACLs, its controller_mutation_rate) and its response, with the
// quota's throttle_time_ms, goes back framed inside the envelope. Another inner API, or one this listener does not
// serve, is INVALID_REQUEST; an undecodable envelope or principal is INVALID_REQUEST too.
using KafkaNet.Broker.Controller;
using KafkaNet.Broker.Quotas;
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class EnvelopeHandler : ApiHandler<EnvelopeRequest, EnvelopeResponse>
{
    public override short ApiKey => EnvelopeRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 0;

    protected override async ValueTask<EnvelopeResponse?> HandleAsync(RequestContext context, EnvelopeRequest request, CancellationToken cancellationToken)
    {
        if (!context.AllowsCluster(AclOperation.ClusterAction))
        {
            return new EnvelopeResponse { ErrorCode = (short)ErrorCode.ClusterAuthorizationFailed };
        }
        ForwardedRequest forwarded;
        try
        {
            forwarded = ForwardedRequest.Unwrap(request);
        }
        catch (Exception e) when (e is KafkaProtocolException or ArgumentException or IndexOutOfRangeException)
        {
            return new EnvelopeResponse { ErrorCode = (short)ErrorCode.InvalidRequest };
        }
        var header = forwarded.Header;
        if (!ControllerForwarding.ChargesMutations(header.RequestApiKey)
            || context.Handlers.Find(header.RequestApiKey) is not { } handler
            || header.RequestApiVersion < handler.LowestVersion || header.RequestApiVersion > handler.HighestVersion)
        {
            return new EnvelopeResponse { ErrorCode = (short)ErrorCode.InvalidRequest };
        }
        var inner = new RequestContext(context.Broker, header, context.ConnectionId)
        {
            ClientHost = forwarded.ClientHost,
            Handlers = context.Handlers,
            ForwardedPrincipal = forwarded.Principal,
        };
        var response = await handler.HandleAsync(inner, forwarded.Body, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"API {header.RequestApiKey} gave no response.");
        if (inner.ThrottleTimeMs > 0)
        {
            // The client's throttle, not this connection's: the broker that forwarded it holds the client.
            ResponseThrottle.Raise(response, inner.ThrottleTimeMs);
        }
        return forwarded.Answer(response);
    }
}
