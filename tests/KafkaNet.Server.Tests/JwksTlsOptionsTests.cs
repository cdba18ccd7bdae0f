using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KafkaNet.Server.Configuration;

namespace KafkaNet.Server.Tests;

/// <summary>The ssl.* options of an OAUTHBEARER JAAS entry that say how its https JWKS endpoint is trusted.</summary>
public sealed class JwksTlsOptionsTests
{
    private const string JaasName = "listener.name.sasl_ssl.oauthbearer.sasl.jaas.config";

    [Fact]
    public void Without_options_the_system_roots_are_trusted_and_the_host_name_checked()
    {
        var tls = JwksTlsOptions.Read(new Dictionary<string, string>(), JaasName);

        Assert.Null(tls.TrustedRoots);
        Assert.True(tls.VerifyHostName);
    }

    [Fact]
    public void An_empty_endpoint_identification_algorithm_accepts_any_host_name()
    {
        var tls = JwksTlsOptions.Read(new Dictionary<string, string> { ["ssl.endpoint.identification.algorithm"] = "" }, JaasName);

        Assert.False(tls.VerifyHostName);
    }

    [Fact]
    public void Pem_certificates_written_in_the_entry_are_the_trusted_roots()
    {
        using var key = RSA.Create(2048);
        using var authority = new CertificateRequest("CN=jwks-root", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        var tls = JwksTlsOptions.Read(new Dictionary<string, string> { ["ssl.truststore.type"] = "PEM", ["ssl.truststore.certificates"] = authority.ExportCertificatePem() }, JaasName);

        Assert.Equal("CN=jwks-root", Assert.Single(tls.TrustedRoots!).Subject);
    }

    [Theory]
    [InlineData("PEM", "/a.pem", "PEM-TEXT", "Invalid value [hidden] for configuration " + JaasName + ": the JWKS truststore is either ssl.truststore.location or ssl.truststore.certificates, not both")]
    [InlineData("PKCS12", null, "PEM-TEXT", "Invalid value PKCS12 for configuration " + JaasName + " ssl.truststore.type: ssl.truststore.certificates is PEM text and needs ssl.truststore.type=PEM")]
    [InlineData("PEM", "/nonexistent/roots.pem", null, "Invalid value /nonexistent/roots.pem for configuration " + JaasName + " ssl.truststore.location: the truststore cannot be read: Could not find a part of the path '/nonexistent/roots.pem'.")]
    public void Unusable_truststore_options_are_configuration_errors(string type, string? location, string? certificates, string message)
    {
        var options = new Dictionary<string, string> { ["ssl.truststore.type"] = type };
        if (location is not null)
        {
            options["ssl.truststore.location"] = location;
        }
        if (certificates is not null)
        {
            options["ssl.truststore.certificates"] = certificates;
        }

        Assert.Equal(message, Assert.Throws<ConfigException>(() => JwksTlsOptions.Read(options, JaasName)).Message);
    }
}
