using System.Net;
using System.Text;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Controller;

/// <summary>
/// A client request a broker forwards to the active controller inside an Envelope, as Kafka's brokers do: the request
/// as the client framed it (header with its client id, then body), the client's principal in Kafka's serialized form
/// (version 0 of DefaultPrincipalData: type, name, token-authenticated) and the client's address. The controller
/// answers with the inner response framed the same way, so its errors and throttle_time_ms reach the client.
/// </summary>
public sealed record ForwardedRequest(RequestHeader Header, IKafkaMessage Body, string Principal, string ClientHost)
{
    private const short PrincipalDataVersion = 0;

    /// <summary>Wraps a request for the controller.</summary>
    public static EnvelopeRequest Wrap(IKafkaMessage request, short apiKey, short apiVersion, string clientId, string principal, string clientHost)
    {
        ArgumentNullException.ThrowIfNull(request);
        var descriptor = ApiTable.Find(apiKey) ?? throw new ArgumentOutOfRangeException(nameof(apiKey), apiKey, "Unknown API key.");
        var header = new RequestHeader { RequestApiKey = apiKey, RequestApiVersion = apiVersion, CorrelationId = 0, ClientId = clientId };
        short headerVersion = descriptor.RequestHeaderVersion(apiVersion);
        var data = new byte[header.Size(headerVersion) + request.Size(apiVersion)];
        var writer = new KafkaWriter(data);
        header.Write(ref writer, headerVersion);
        request.Write(ref writer, apiVersion);
        return new EnvelopeRequest
        {
            RequestData = data,
            RequestPrincipal = SerializePrincipal(principal),
            ClientHostAddress = IPAddress.TryParse(clientHost.TrimStart('/'), out var address) ? address.GetAddressBytes() : [],
        };
    }

    /// <summary>Reads what <see cref="Wrap"/> wrote; throws <see cref="KafkaProtocolException"/> or <see cref="ArgumentException"/> on a malformed envelope.</summary>
    public static ForwardedRequest Unwrap(EnvelopeRequest envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var peek = new KafkaReader(envelope.RequestData);
        short apiKey = peek.ReadInt16();
        short apiVersion = peek.ReadInt16();
        var descriptor = ApiTable.Find(apiKey) ?? throw new ArgumentException($"Unknown API key {apiKey} in the envelope.", nameof(envelope));
        var reader = new KafkaReader(envelope.RequestData);
        var header = RequestHeader.Read(ref reader, descriptor.RequestHeaderVersion(apiVersion));
        var body = ApiTable.ReadRequest(apiKey, ref reader, apiVersion);
        string principal = envelope.RequestPrincipal is { } bytes ? DeserializePrincipal(bytes) : "User:ANONYMOUS";
        var host = envelope.ClientHostAddress.Length is 4 or 16 ? "/" + new IPAddress(envelope.ClientHostAddress.Span) : "/unknown";
        return new ForwardedRequest(header, body, principal, host);
    }

    /// <summary>The controller's answer to the inner request, framed as a response to it.</summary>
    public EnvelopeResponse Answer(IKafkaMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var descriptor = ApiTable.Find(Header.RequestApiKey)!;
        short version = Header.RequestApiVersion;
        var header = new ResponseHeader { CorrelationId = Header.CorrelationId };
        short headerVersion = descriptor.ResponseHeaderVersion(version);
        var data = new byte[header.Size(headerVersion) + response.Size(version)];
        var writer = new KafkaWriter(data);
        header.Write(ref writer, headerVersion);
        response.Write(ref writer, version);
        return new EnvelopeResponse { ResponseData = data };
    }

    /// <summary>The inner response of an envelope answer to a request of <paramref name="apiKey"/> at <paramref name="apiVersion"/>.</summary>
    public static TResponse ReadAnswer<TResponse>(EnvelopeResponse answer, short apiKey, short apiVersion)
        where TResponse : class, IKafkaMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.ErrorCode != 0 || answer.ResponseData is not { } data)
        {
            throw new InvalidOperationException($"The controller refused the forwarded request: {(ErrorCode)answer.ErrorCode}.");
        }
        var reader = new KafkaReader(data);
        _ = ResponseHeader.Read(ref reader, ApiTable.Find(apiKey)!.ResponseHeaderVersion(apiVersion));
        return TResponse.Read(ref reader, apiVersion);
    }

    private static byte[] SerializePrincipal(string principal)
    {
        int colon = principal.IndexOf(':', StringComparison.Ordinal);
        string type = colon < 0 ? "User" : principal[..colon];
        string name = colon < 0 ? principal : principal[(colon + 1)..];
        var data = new byte[2 + 10 + (2 * Encoding.UTF8.GetMaxByteCount(principal.Length)) + 2];
        var writer = new KafkaWriter(data);
        writer.WriteInt16(PrincipalDataVersion);
        writer.WriteString(type, compact: true, "principalType");
        writer.WriteString(name, compact: true, "principalName");
        writer.WriteBool(false);
        writer.WriteUnsignedVarInt(0); // no tagged fields
        return data.AsSpan(0, writer.Position).ToArray();
    }

    private static string DeserializePrincipal(ReadOnlyMemory<byte> bytes)
    {
        var reader = new KafkaReader(bytes);
        short version = reader.ReadInt16();
        if (version != PrincipalDataVersion)
        {
            throw new ArgumentException($"Unknown principal data version {version}.", nameof(bytes));
        }
        string type = reader.ReadString(compact: true);
        string name = reader.ReadString(compact: true);
        return type + ":" + name;
    }
}
