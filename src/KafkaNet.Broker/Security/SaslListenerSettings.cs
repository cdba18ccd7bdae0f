namespace KafkaNet.Broker.Security;

/// <summary>
/// What a SASL listener (SASL_PLAINTEXT or SASL_SSL) accepts: its enabled mechanisms (PLAIN is the one served)
/// and the PLAIN users with their passwords, as the broker's JAAS configuration lists them.
/// </summary>
public sealed class SaslListenerSettings
{
    /// <summary>The mechanism name of SASL/PLAIN (RFC 4616).</summary>
    public const string Plain = "PLAIN";

    /// <summary>The mechanisms a client may ask for in SaslHandshake, as its response lists them.</summary>
    public IReadOnlyList<string> EnabledMechanisms { get; init; } = [Plain];

    /// <summary>user name → password; never logged.</summary>
    public IReadOnlyDictionary<string, string> PlainUsers { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>connection.failed.authentication.delay.ms: how long a failed authentication is held before its answer and close.</summary>
    public TimeSpan FailedAuthenticationDelay { get; init; } = TimeSpan.FromMilliseconds(100);
}
