using KafkaNet.Broker.Security.OAuthBearer;
using KafkaNet.Server.Tls;

namespace KafkaNet.Server.Configuration;

/// <summary>
/// The TLS an https JWKS endpoint is fetched with. As Kafka, it comes from ssl.* options written inside the
/// OAUTHBEARER JAAS entry (ssl.truststore.location, .password, .type, .certificates and
/// ssl.endpoint.identification.algorithm), not from the listener's own ssl.* settings.
/// </summary>
internal static class JwksTlsOptions
{
    /// <exception cref="ConfigException">The truststore named cannot be read or its type is not served.</exception>
    public static JwksTls Read(IReadOnlyDictionary<string, string> options, string jaasName)
    {
        ArgumentNullException.ThrowIfNull(options);
        string? location = Option(options, "ssl.truststore.location");
        string? certificates = Option(options, "ssl.truststore.certificates");
        bool verifyHost = Option(options, "ssl.endpoint.identification.algorithm") is not { Length: 0 };
        return location is null && certificates is null
            ? new JwksTls(null, verifyHost)
            : Trusting(options, jaasName, location, certificates, verifyHost);
    }

    private static JwksTls Trusting(IReadOnlyDictionary<string, string> options, string jaasName, string? location, string? certificates, bool verifyHost)
    {
        string typeName = jaasName + " ssl.truststore.type";
        string type = TlsListenerConfig.ReadStoreType((typeName, Option(options, "ssl.truststore.type")));
        if (location is not null && certificates is not null)
        {
            throw new ConfigException(jaasName, "[hidden]", "the JWKS truststore is either ssl.truststore.location or ssl.truststore.certificates, not both");
        }
        if (certificates is not null && type != StoreSource.Pem)
        {
            throw new ConfigException(typeName, type, "ssl.truststore.certificates is PEM text and needs ssl.truststore.type=PEM");
        }
        var source = new StoreSource(type, location, Option(options, "ssl.truststore.password"), certificates, jaasName + " ssl.truststore.location");
        return new JwksTls(TlsStores.LoadTruststore(source), verifyHost);
    }

    /// <summary>An option as written, trimmed; an empty value stays empty (it means "off" for the host check).</summary>
    private static string? Option(IReadOnlyDictionary<string, string> options, string key) =>
        options.TryGetValue(key, out string? value) ? value.Trim() : null;
}
