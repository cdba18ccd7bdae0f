using System.Security.Cryptography.X509Certificates;

namespace KafkaNet.Broker.Security.Tls;

/// <summary>
/// The certificate a client presented in the TLS handshake (null when it presented none), set on the connection by
/// the host's TLS layer so the broker can build the connection's principal without depending on that layer.
/// </summary>
public sealed class TlsClientCertificateFeature(X509Certificate2? certificate)
{
    public X509Certificate2? Certificate { get; } = certificate;
}
