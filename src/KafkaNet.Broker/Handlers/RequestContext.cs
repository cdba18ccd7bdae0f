using KafkaNet.Broker.Security;
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

/// <summary>What a handler knows about the request beyond its body.</summary>
public sealed class RequestContext
{
    public RequestContext(KafkaBroker broker, RequestHeader header, string connectionId)
    {
        Broker = broker;
        Header = header;
        ConnectionId = connectionId;
    }

    public KafkaBroker Broker { get; }

    /// <summary>The APIs of the listener the request came in on (ApiVersions lists these).</summary>
    public ApiHandlerRegistry Handlers { get => field ?? Broker.Handlers; init; }

    public RequestHeader Header { get; }

    public short ApiVersion => Header.RequestApiVersion;

    public string ConnectionId { get; }

    /// <summary>The client's address as Kafka reports it for group members ("/127.0.0.1").</summary>
    public string ClientHost { get; init; } = "/unknown";

    /// <summary>The client id of the request header ("" when the client sent none).</summary>
    public string ClientId => Header.ClientId ?? "";

    /// <summary>The connection's SASL authentication; null on listeners without SASL.</summary>
    public SaslConnectionState? Sasl { get; init; }

    /// <summary>The principal of the connection's client certificate on an SSL listener ("User:CN=alice,O=acme" after mapping); null elsewhere.</summary>
    public string? TlsPrincipal { get; init; }

    /// <summary>The client's principal carried by a broker's Envelope, for a request the controller serves on a client's behalf.</summary>
    public string? ForwardedPrincipal { get; init; }

    /// <summary>
    /// Who sent the request, as Kafka names principals: the forwarded client's for a request in an Envelope, else
    /// "User:name" after SASL (which wins on SASL_SSL), else the client certificate's principal, else "User:ANONYMOUS".
    /// </summary>
    public string Principal => ForwardedPrincipal ?? Sasl?.Principal ?? TlsPrincipal ?? "User:ANONYMOUS";

    /// <summary>True when the broker's authorizer (if any) lets this request's principal and host do the operation.</summary>
    public bool IsAllowed(AclOperation operation, AclResourceType resourceType, string resourceName) =>
        Broker.Authorizer?.Authorize(Principal, ClientHost.TrimStart('/'), operation, resourceType, resourceName) ?? true;

    /// <summary>The size of the request as received (its frame), which produce quotas count.</summary>
    public int RequestBytes { get; init; }

    /// <summary>Set when a quota throttles this request: the connection reads nothing more for this long after the response (KIP-219).</summary>
    public int ThrottleTimeMs { get; set; }

    /// <summary>The request_percentage throttle of this request, joined with <see cref="ThrottleTimeMs"/> once the response is ready.</summary>
    public int RequestTimeThrottleMs { get; set; }

    /// <summary>
    /// Set by a handler to close the connection after this request (and its response, if any),
    /// as Kafka does for produce requests it refuses outright or acks=0 produces that failed.
    /// </summary>
    public bool CloseConnection { get; set; }
}
