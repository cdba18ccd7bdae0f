namespace KafkaNet.Broker.Security;

/// <summary>
/// Where one connection of a SASL listener is in authentication, as Kafka's server authenticator moves:
/// a handshake chooses the mechanism, then SaslAuthenticate proves who the client is. Until then the
/// connection accepts only ApiVersions, SaslHandshake and SaslAuthenticate.
/// </summary>
public sealed class SaslConnectionState
{
    public SaslConnectionState(SaslListenerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
    }

    public SaslListenerSettings Settings { get; }

    public SaslStage Stage { get; private set; } = SaslStage.AwaitingHandshake;

    /// <summary>"User:name" once authenticated; null before.</summary>
    public string? Principal { get; private set; }

    public bool IsAuthenticated => Stage == SaslStage.Authenticated;

    /// <summary>The chosen mechanism's server for this authentication; null before a handshake.</summary>
    public ISaslServer? Server { get; private set; }

    /// <param name="rawTokens">A v0 handshake: the client sends its token as a bare frame, not in SaslAuthenticate.</param>
    public void HandshakeDone(bool rawTokens, ISaslServer server)
    {
        Server = server ?? throw new ArgumentNullException(nameof(server));
        Stage = rawTokens ? SaslStage.AwaitingRawToken : SaslStage.AwaitingAuthenticate;
    }

    public void Authenticated(string userName)
    {
        Principal = "User:" + userName;
        Stage = SaslStage.Authenticated;
        Server = null;
    }

    public void Failed() => Stage = SaslStage.Failed;

    /// <summary>True when the request may be served at this stage; otherwise the connection closes, as Kafka's.</summary>
    public bool Allows(short apiKey) =>
        IsAuthenticated || apiKey is Protocol.Messages.ApiVersionsRequest.ApiKey or Protocol.Messages.SaslHandshakeRequest.ApiKey
            or Protocol.Messages.SaslAuthenticateRequest.ApiKey;
}

public enum SaslStage
{
    AwaitingHandshake,
    AwaitingAuthenticate,
    AwaitingRawToken,
    Authenticated,
    Failed,
}
