using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace KafkaNet.Broker.Security.OAuthBearer;

/// <summary>
/// Whom an https JWKS endpoint must be certified by, from the ssl.* options of the OAUTHBEARER JAAS entry as Kafka
/// reads them: the truststore's certificates (null trusts the system's roots) and whether the certificate must name the
/// host (ssl.endpoint.identification.algorithm, https by default).
/// </summary>
public sealed record JwksTls(X509Certificate2Collection? TrustedRoots, bool VerifyHostName)
{
    /// <summary>An HTTP handler whose TLS checks follow these settings.</summary>
    public SocketsHttpHandler Handler()
    {
        var handler = new SocketsHttpHandler();
        if (TrustedRoots is { } roots)
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.AddRange(roots);
            handler.SslOptions.CertificateChainPolicy = policy;
        }
        if (!VerifyHostName)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, errors) =>
                (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None;
        }
        return handler;
    }
}
