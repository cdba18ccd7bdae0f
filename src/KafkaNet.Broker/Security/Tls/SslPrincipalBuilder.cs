using System.Security.Cryptography.X509Certificates;

namespace KafkaNet.Broker.Security.Tls;

/// <summary>
/// The principal of a connection on an SSL listener, as Kafka's default principal builder makes it: "User:" and the
/// client certificate's subject (RFC 2253) mapped by ssl.principal.mapping.rules; User:ANONYMOUS without a certificate.
/// </summary>
public sealed class SslPrincipalBuilder
{
    public const string Anonymous = "User:ANONYMOUS";

    public SslPrincipalBuilder(SslPrincipalMapper mapper)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        Mapper = mapper;
    }

    public SslPrincipalMapper Mapper { get; }

    /// <exception cref="NoMatchingSslPrincipalRuleException">No rule applies to the certificate's subject.</exception>
    public string Build(X509Certificate2? clientCertificate) =>
        clientCertificate is null ? Anonymous : "User:" + Mapper.Map(DistinguishedNames.ToRfc2253(clientCertificate.SubjectName));
}
