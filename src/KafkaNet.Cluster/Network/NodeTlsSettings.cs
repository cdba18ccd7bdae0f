using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace KafkaNet.Cluster.Network;

/// <summary>
/// The client side of TLS to a node: whom to trust (the given roots, or the system's), whether the certificate must
/// name the host connected to (Kafka's ssl.endpoint.identification.algorithm, https by default), and an optional
/// client certificate for mutual TLS.
/// </summary>
public sealed record NodeTlsSettings
{
    /// <summary>The certificate authorities trusted; null trusts the system's store.</summary>
    public X509Certificate2Collection? TrustedRoots { get; init; }

    /// <summary>False when ssl.endpoint.identification.algorithm is empty: any host name is accepted.</summary>
    public bool VerifyHostName { get; init; } = true;

    /// <summary>Presented when the node asks for one (ssl.client.auth); must hold its private key.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>The name sent in SNI and checked against the certificate; null uses the host connected to.</summary>
    public string? TargetHost { get; init; }

    /// <summary>Fresh options for one connection (SslStream keeps the instance it is given).</summary>
    public SslClientAuthenticationOptions ForHost(string host)
    {
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = TargetHost ?? host,
            RemoteCertificateValidationCallback = Accept,
        };
        if (TrustedRoots is { } roots)
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.AddRange(roots);
            options.CertificateChainPolicy = policy;
        }
        if (ClientCertificate is { } certificate)
        {
            options.ClientCertificates = [certificate];
        }
        return options;
    }

    private bool Accept(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (!VerifyHostName)
        {
            errors &= ~SslPolicyErrors.RemoteCertificateNameMismatch;
        }
        return errors == SslPolicyErrors.None;
    }
}
