using System.Net.Security;
using System.Security.Authentication;
using KafkaNet.Broker.Security.Tls;

namespace KafkaNet.Server.Tls;

/// <summary>Whether an SSL listener asks for client certificates (ssl.client.auth).</summary>
internal enum ClientAuthentication
{
    None,
    Requested,
    Required,
}

/// <summary>
/// Where a keystore or truststore comes from: a file (PEM, or PKCS12, JKS or JCEKS, which are told apart by content) or
/// PEM text written in the configuration.
/// </summary>
/// <param name="LocationProperty">The property that named <paramref name="Location"/> (for messages).</param>
internal sealed record StoreSource(string Type, string? Location, string? Password, string? InlinePem, string LocationProperty)
{
    public const string Jks = "JKS";
    public const string Jceks = "JCEKS";
    public const string Pkcs12 = "PKCS12";
    public const string Pem = "PEM";

    public bool IsPem => Type == Pem;
}

/// <summary>Everything an SSL or SASL_SSL listener's TLS needs, read from ssl.* and listener.name.&lt;listener&gt;.ssl.*.</summary>
internal sealed class TlsListenerSettings
{
    public required string ListenerName { get; init; }

    public required StoreSource Keystore { get; init; }

    /// <summary>The PEM private key written in ssl.keystore.key (the certificates are <see cref="StoreSource.InlinePem"/>).</summary>
    public string? InlineKey { get; init; }

    /// <summary>ssl.key.password: decrypts an encrypted PEM key.</summary>
    public string? KeyPassword { get; init; }

    /// <summary>Null: client certificates are checked against the system's roots.</summary>
    public StoreSource? Truststore { get; init; }

    public ClientAuthentication ClientAuth { get; init; }

    public SslProtocols EnabledProtocols { get; init; } = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>Null: the system's cipher suites.</summary>
    public IReadOnlyList<TlsCipherSuite>? CipherSuites { get; init; }

    public SslPrincipalMapper PrincipalMapper { get; init; } = SslPrincipalMapper.Parse(SslPrincipalMapper.DefaultRules);
}
