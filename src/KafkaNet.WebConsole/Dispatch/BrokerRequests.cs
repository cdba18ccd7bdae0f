using KafkaNet.Broker;
using KafkaNet.Broker.Handlers;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.WebConsole.Auth;

namespace KafkaNet.WebConsole.Dispatch;

/// <summary>
/// Sends the console's requests to the broker's own API handlers, in process. Each request and its response
/// go through the wire encoding of the chosen version, so the console sees exactly what a Kafka client would,
/// and everything a handler checks (validation, ACLs, quotas) applies to the console too: each request carries the
/// principal of the console's caller (the signed-in user's SASL authentication, or User:ANONYMOUS without SASL) and
/// the browser's address as client host.
/// </summary>
internal sealed class BrokerRequests(KafkaBroker broker, ConsoleAuthentication authentication)
{
    private const string ConnectionId = "web-console";
    private const string ClientId = "kafkanet-web-console";

    private int _correlationId;

    public KafkaBroker Broker => broker;

    /// <summary>Whether the broker serves this API at all.</summary>
    public bool Serves(short apiKey) => broker.Handlers.Find(apiKey) is not null;

    /// <exception cref="ConsoleApiException">The broker does not serve this API at this version.</exception>
    public async Task<TResponse> SendAsync<TResponse>(short apiKey, short version, IKafkaMessage request, CancellationToken cancellationToken)
        where TResponse : class, IKafkaMessage
    {
        var handler = broker.Handlers.Find(apiKey);
        if (handler is null || version < handler.LowestVersion || version > handler.HighestVersion)
        {
            string name = ApiTable.Find(apiKey)?.Name ?? apiKey.ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw new ConsoleApiException(ErrorCode.UnsupportedVersion, $"The broker does not serve {name} v{version}.");
        }
        var header = new RequestHeader
        {
            RequestApiKey = apiKey,
            RequestApiVersion = version,
            CorrelationId = Interlocked.Increment(ref _correlationId),
            ClientId = ClientId,
        };
        var decoded = RoundTrip(request, version, (ref KafkaReader reader) => ApiTable.ReadRequest(apiKey, ref reader, version));
        // The one place a principal is attached: the caller's SASL state, as a SASL connection's requests carry theirs,
        // so the handlers authorize the console's user as they would that user's Kafka client.
        var caller = Caller();
        var context = new RequestContext(broker, header, ConnectionId) { Sasl = caller.Sasl, ClientHost = caller.ClientHost };
        var response = await handler.HandleAsync(context, decoded, cancellationToken).ConfigureAwait(false)
            ?? throw new ConsoleApiException(ErrorCode.UnknownServerError, $"{ApiTable.Find(apiKey)?.Name} gave no response.");
        try
        {
            return (TResponse)RoundTrip(response, version, (ref KafkaReader reader) => ApiTable.ReadResponse(apiKey, ref reader, version));
        }
        finally
        {
            (response as IDisposable)?.Dispose();
        }
    }

    // Set for each API request by ConsoleAuthentication; without one, nothing is sent unless sign-in is not required.
    private ConsoleCaller Caller() =>
        ConsoleCaller.Current
        ?? (authentication.SignInRequired
            ? throw new ConsoleApiException(ErrorCode.SaslAuthenticationFailed, "Not signed in.")
            : new ConsoleCaller(null, "/unknown"));

    private delegate IKafkaMessage Reader(ref KafkaReader reader);

    // Encoding copies any file-backed bytes of a response (fetched records) into memory the console may keep.
    private static IKafkaMessage RoundTrip(IKafkaMessage message, short version, Reader read)
    {
        var bytes = new byte[message.Size(version)];
        var writer = new KafkaWriter(bytes);
        message.Write(ref writer, version);
        var reader = new KafkaReader(bytes);
        return read(ref reader);
    }
}
