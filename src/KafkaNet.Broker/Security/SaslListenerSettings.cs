namespace KafkaNet.Broker.Security;

/// <summary>
/// What a SASL listener (SASL_PLAINTEXT or SASL_SSL) accepts: its enabled mechanisms
/// and the PLAIN users with their passwords, as the broker's JAAS configuration lists them.
/// </summary>
public sealed class SaslListenerSettings
{
    /// <summary>The mechanism name of SASL/PLAIN (RFC 4616).</summary>
    public const string Plain = "PLAIN";

    /// <summary>The mechanism name of SASL/OAUTHBEARER (RFC 7628).</summary>
    public const string OAuthBearer = "OAUTHBEARER";

    /// <summary>The mechanisms a client may ask for in SaslHandshake, as its response lists them.</summary>
    public IReadOnlyList<string> EnabledMechanisms { get; init; } = [Plain];

    /// <summary>user name → password; never logged.</summary>
    public IReadOnlyDictionary<string, string> PlainUsers { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>connection.failed.authentication.delay.ms: how long a failed authentication is held before its answer and close.</summary>
    public TimeSpan FailedAuthenticationDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// sasl.server.max.receive.size: the largest frame read before the connection has first authenticated, so an
    /// unauthenticated peer cannot make the broker buffer a socket.request.max.bytes frame.
    /// </summary>
    public int MaxReceiveSize { get; init; } = 524288;

    /// <summary>How OAUTHBEARER tokens are checked (unsecured JWTs or signatures against a key set); null when not enabled.</summary>
    public OAuthBearer.IOAuthBearerValidator? OAuthBearerValidator { get; init; }

    /// <summary>
    /// connections.max.reauth.ms per mechanism: the longest a session lasts before the client must re-authenticate
    /// (KIP-368). A mechanism not listed, or 0, sets no limit beyond its credential's expiry.
    /// </summary>
    public IReadOnlyDictionary<string, long> ConnectionsMaxReauthMs { get; init; } = new Dictionary<string, long>(StringComparer.Ordinal);
}
