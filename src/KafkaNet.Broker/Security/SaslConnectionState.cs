using System.Globalization;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Security;

/// <summary>
/// Where one connection of a SASL listener is in authentication, as Kafka's server authenticator moves:
/// a handshake chooses the mechanism, then SaslAuthenticate proves who the client is. Until then the
/// connection accepts only ApiVersions, SaslHandshake and SaslAuthenticate.
/// A session may end (KIP-368): at min(connections.max.reauth.ms, the credential's expiry) after authenticating.
/// A client that authenticated with SaslAuthenticate v1+ re-authenticates on the same connection with a new
/// SaslHandshake (same mechanism, same principal); after the session's end any other request closes the connection.
/// </summary>
public sealed class SaslConnectionState
{
    // As Kafka's channel: a handshake sooner than this after the last re-authentication began is not one.
    private const long MinReauthenticationIntervalMs = 1000;

    private long? _sessionEndsAt; // Environment.TickCount64
    private long? _lastReauthenticationStart;

    public SaslConnectionState(SaslListenerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
    }

    public SaslListenerSettings Settings { get; }

    public SaslStage Stage { get; private set; } = SaslStage.AwaitingHandshake;

    /// <summary>"User:name" once authenticated (kept while re-authenticating); null before.</summary>
    public string? Principal { get; private set; }

    public bool IsAuthenticated => Stage == SaslStage.Authenticated;

    /// <summary>The chosen mechanism's server for this authentication; null before a handshake.</summary>
    public ISaslServer? Server { get; private set; }

    /// <summary>The mechanism the connection authenticated with; null before.</summary>
    public string? Mechanism { get; private set; }

    /// <summary>True between a re-authentication's handshake and its end.</summary>
    public bool IsReauthenticating => Principal is not null && !IsAuthenticated && Stage != SaslStage.Failed;

    /// <summary>Re-authentications completed on this connection.</summary>
    public int Reauthentications { get; private set; }

    /// <summary>The client authenticated with SaslAuthenticate v1 or later, so it knows session lifetimes.</summary>
    public bool SupportsReauthentication { get; private set; }

    /// <summary>True once the session's lifetime has passed.</summary>
    public bool SessionExpired => _sessionEndsAt is { } end && Environment.TickCount64 > end;

    /// <summary>True when a SaslHandshake now starts a re-authentication, as Kafka's channel decides.</summary>
    public bool CanBeginReauthentication =>
        IsAuthenticated && SupportsReauthentication && _sessionEndsAt is not null
        && (_lastReauthenticationStart is not { } last || Environment.TickCount64 - last >= MinReauthenticationIntervalMs);

    /// <param name="rawTokens">A v0 handshake: the client sends its token as a bare frame, not in SaslAuthenticate.</param>
    public void HandshakeDone(bool rawTokens, ISaslServer server)
    {
        Server = server ?? throw new ArgumentNullException(nameof(server));
        Stage = rawTokens ? SaslStage.AwaitingRawToken : SaslStage.AwaitingAuthenticate;
    }

    /// <summary>
    /// A handshake on an authenticated connection that <see cref="CanBeginReauthentication"/>: the next SaslAuthenticate
    /// re-authenticates. Another mechanism than the session's is accepted here and refused there, as Kafka does.
    /// </summary>
    public void BeginReauthentication(ISaslServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        _lastReauthenticationStart = Environment.TickCount64;
        Server = server.Mechanism == Mechanism ? server : new RefusingSaslServer(server.Mechanism, string.Format(CultureInfo.InvariantCulture,
            "SASL mechanism '{0}' requested by client is not supported for re-authentication of mechanism '{1}'", server.Mechanism, Mechanism));
        Stage = SaslStage.AwaitingAuthenticate;
    }

    /// <summary>
    /// The mechanism's server accepted <paramref name="outcome"/>'s user: the session starts (or, re-authenticating,
    /// goes on) and lasts the returned milliseconds (0: no limit). Returns the error instead when a re-authentication
    /// names another principal; the connection has then failed.
    /// </summary>
    /// <param name="authenticateVersion">The SaslAuthenticate version that carried the token; -1 for a raw token.</param>
    public (long SessionLifetimeMs, string? Error) Authenticated(SaslOutcome outcome, short authenticateVersion)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        string principal = "User:" + outcome.UserName;
        if (Principal is not null && principal != Principal)
        {
            Failed();
            // Kafka writes principals here as type.name.
            return (0, $"Cannot change principals during re-authentication from {Principal.Replace(':', '.')}: {principal.Replace(':', '.')}");
        }
        if (Principal is not null)
        {
            Reauthentications++;
        }
        SupportsReauthentication |= authenticateVersion > 0;
        Mechanism = Server?.Mechanism;
        long lifetimeMs = SessionLifetimeMs(outcome.CredentialExpiry);
        _sessionEndsAt = lifetimeMs > 0 || outcome.CredentialExpiry is not null ? Environment.TickCount64 + lifetimeMs : null;
        Principal = principal;
        Stage = SaslStage.Authenticated;
        Server = null;
        return (lifetimeMs, null);
    }

    public void Failed() => Stage = SaslStage.Failed;

    /// <summary>Why the request may not be served at this stage (the connection closes, as Kafka's); null when it may.</summary>
    public string? Refusal(short apiKey)
    {
        if (IsAuthenticated)
        {
            return !SessionExpired || (apiKey == SaslHandshakeRequest.ApiKey && CanBeginReauthentication)
                ? null
                : "the SASL session expired and the client did not re-authenticate";
        }
        return apiKey is ApiVersionsRequest.ApiKey or SaslHandshakeRequest.ApiKey or SaslAuthenticateRequest.ApiKey ? null : "before SASL authentication";
    }

    /// <summary>min(connections.max.reauth.ms, time the credential has left), as Kafka's authenticator computes it.</summary>
    private long SessionLifetimeMs(DateTimeOffset? credentialExpiry)
    {
        long maxReauthMs = Mechanism is null ? 0 : Settings.ConnectionsMaxReauthMs.GetValueOrDefault(Mechanism);
        long? credentialLeftMs = credentialExpiry is { } expiry ? Math.Max(0, (long)(expiry - DateTimeOffset.UtcNow).TotalMilliseconds) : null;
        return (credentialLeftMs, maxReauthMs > 0) switch
        {
            (null, false) => 0,
            (null, true) => maxReauthMs,
            ({ } left, false) => left,
            ({ } left, true) => Math.Min(left, maxReauthMs),
        };
    }
}

public enum SaslStage
{
    AwaitingHandshake,
    AwaitingAuthenticate,
    AwaitingRawToken,
    Authenticated,
    Failed,
}
