using System.Net.Security;
using System.Security.Authentication;
using KafkaNet.Server.Configuration;
using KafkaNet.Server.Tls;

namespace KafkaNet.Server.Tests;

public class TlsListenerConfigTests
{
    private const string Listeners = "listeners=SSL://:9093,INTERNAL://:9094";
    private const string ProtocolMap = "listener.security.protocol.map=SSL:SSL,INTERNAL:SSL";
    private const string Keystore = "ssl.keystore.location=/etc/kafkanet/keystore.p12";

    [Fact]
    public void Defaults_are_kafkas()
    {
        var settings = Read("SSL");

        Assert.Equal(StoreSource.Jks, settings.Keystore.Type);
        Assert.Equal("/etc/kafkanet/keystore.p12", settings.Keystore.Location);
        Assert.Null(settings.Truststore);
        Assert.Equal(ClientAuthentication.None, settings.ClientAuth);
        Assert.Equal(SslProtocols.Tls12 | SslProtocols.Tls13, settings.EnabledProtocols);
        Assert.Null(settings.CipherSuites);
        Assert.Equal("CN=alice,O=acme", settings.PrincipalMapper.Map("CN=alice,O=acme"));
    }

    [Fact]
    public void Listener_settings_win_over_the_broker_wide_ones()
    {
        string[] properties =
        [
            "ssl.client.auth=required", "ssl.enabled.protocols=TLSv1.2,TLSv1.3", "ssl.truststore.type=PEM", "ssl.truststore.location=/ca.pem",
            "listener.name.internal.ssl.client.auth=requested", "listener.name.internal.ssl.enabled.protocols=TLSv1.3",
            "listener.name.internal.ssl.keystore.type=pem", "listener.name.internal.ssl.keystore.location=/internal.pem",
            "listener.name.internal.ssl.cipher.suites=TLS_AES_256_GCM_SHA384, SSL_RSA_WITH_AES_128_GCM_SHA256",
            "listener.name.internal.ssl.principal.mapping.rules=RULE:^CN=(.*?),.*$/$1/U",
        ];
        var ssl = Read("SSL", properties);
        var internalListener = Read("INTERNAL", properties);

        Assert.Equal((ClientAuthentication.Required, SslProtocols.Tls12 | SslProtocols.Tls13), (ssl.ClientAuth, ssl.EnabledProtocols));
        Assert.Equal((ClientAuthentication.Requested, SslProtocols.Tls13), (internalListener.ClientAuth, internalListener.EnabledProtocols));
        Assert.Equal((StoreSource.Pem, "/internal.pem"), (internalListener.Keystore.Type, internalListener.Keystore.Location));
        Assert.Equal("/ca.pem", internalListener.Truststore!.Location);
        Assert.Equal([TlsCipherSuite.TLS_AES_256_GCM_SHA384, TlsCipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256], internalListener.CipherSuites);
        Assert.Equal("ALICE", internalListener.PrincipalMapper.Map("CN=alice,O=acme"));
    }

    [Fact]
    public void Inline_pem_keystore_and_truststore()
    {
        var settings = Read("SSL", "ssl.keystore.location=", "ssl.keystore.type=PEM", "ssl.keystore.certificate.chain=-----BEGIN CERTIFICATE----- x -----END CERTIFICATE-----",
            "ssl.keystore.key=-----BEGIN PRIVATE KEY----- y -----END PRIVATE KEY-----", "ssl.truststore.type=PEM",
            "ssl.truststore.certificates=-----BEGIN CERTIFICATE----- z -----END CERTIFICATE-----");

        Assert.Null(settings.Keystore.Location);
        Assert.Contains(" x ", settings.Keystore.InlinePem, StringComparison.Ordinal);
        Assert.Contains(" y ", settings.InlineKey, StringComparison.Ordinal);
        Assert.Contains(" z ", settings.Truststore!.InlinePem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_listeners_own_store_wins_over_a_broker_wide_one_of_the_other_form()
    {
        var settings = Read("INTERNAL", "listener.name.internal.ssl.keystore.type=PEM", "listener.name.internal.ssl.keystore.certificate.chain=c",
            "listener.name.internal.ssl.keystore.key=k", "ssl.truststore.type=PEM", "ssl.truststore.certificates=t",
            "listener.name.internal.ssl.truststore.location=/internal-ca.pem");

        Assert.Equal((null, "c", "k"), (settings.Keystore.Location, settings.Keystore.InlinePem, settings.InlineKey));
        Assert.Equal(("/internal-ca.pem", null), (settings.Truststore!.Location, settings.Truststore.InlinePem));
        Assert.Equal("/etc/kafkanet/keystore.p12", Read("SSL", "listener.name.internal.ssl.keystore.key=k").Keystore.Location);
    }

    [Theory]
    [InlineData("ssl.enabled.protocols", "TLSv1.2,TLSv1.4", "unknown or unsupported TLS version TLSv1.4; KafkaNet serves TLSv1.2 and TLSv1.3")]
    [InlineData("ssl.enabled.protocols", "TLSv1.1", "unknown or unsupported TLS version TLSv1.1; KafkaNet serves TLSv1.2 and TLSv1.3")]
    [InlineData("ssl.cipher.suites", "TLS_AES_128_GCM_SHA256,TLS_NOT_A_SUITE", "unknown cipher suite TLS_NOT_A_SUITE")]
    [InlineData("ssl.cipher.suites", "4865", "unknown cipher suite 4865")]
    [InlineData("ssl.client.auth", "always", "String must be one of: required, requested, none")]
    [InlineData("ssl.keystore.type", "BKS", "KafkaNet reads JKS, JCEKS, PKCS12 and PEM stores")]
    [InlineData("ssl.truststore.type", "PKCS11", "KafkaNet reads JKS, JCEKS, PKCS12 and PEM stores")]
    [InlineData("ssl.principal.mapping.rules", "RULE:^CN=(.*)$/$1", "Invalid rule: RULE:^CN=(.*)$/$1")]
    [InlineData("listener.name.internal.ssl.cipher.suites", "TLS_BOGUS", "unknown cipher suite TLS_BOGUS")]
    [InlineData("listener.name.internal.ssl.enabled.protocols", "SSLv3", "unknown or unsupported TLS version SSLv3; KafkaNet serves TLSv1.2 and TLSv1.3")]
    public void Unknown_names_stop_the_broker_naming_the_setting(string property, string value, string reason)
    {
        var e = Assert.Throws<ConfigException>(() => ReadAll(property + "=" + value));

        Assert.Equal(property, e.PropertyName);
        Assert.Equal($"Invalid value {value} for configuration {property}: {reason}", e.Message);
    }

    [Fact]
    public void An_ssl_listener_without_a_keystore_is_refused()
    {
        var config = Props.Load(Listeners, ProtocolMap);

        var e = Assert.Throws<ConfigException>(() => TlsListenerConfig.Read(config, config.Listeners[0]));

        Assert.Equal("Invalid value null for configuration ssl.keystore.location: SSL listener SSL needs a keystore", e.Message);
    }

    [Theory]
    [InlineData("ssl.keystore.type=PEM", "ssl.keystore.certificate.chain=c", "ssl.keystore.location",
        "a PEM keystore is either a file or ssl.keystore.certificate.chain with ssl.keystore.key, not both")]
    [InlineData("ssl.keystore.type=PEM", "ssl.keystore.key=k", "ssl.keystore.location",
        "a PEM keystore is either a file or ssl.keystore.certificate.chain with ssl.keystore.key, not both")]
    [InlineData("ssl.keystore.type=PKCS12", "ssl.keystore.key=k", "ssl.keystore.key",
        "a PKCS12 keystore is a file; PEM text needs ssl.keystore.type=PEM")]
    [InlineData("ssl.truststore.type=PEM", "ssl.truststore.certificates=c\u0000ssl.truststore.location=/ca.pem", "ssl.truststore.location",
        "a PEM truststore is either a file or ssl.truststore.certificates, not both")]
    [InlineData("ssl.truststore.type=PKCS12", "ssl.truststore.certificates=c", "ssl.truststore.certificates",
        "a PKCS12 truststore is a file; PEM text needs ssl.truststore.type=PEM")]
    [InlineData("ssl.truststore.type=JKS", "ssl.truststore.certificates=c", "ssl.truststore.certificates",
        "a JKS truststore is a file; PEM text needs ssl.truststore.type=PEM")]
    public void Stores_must_be_either_files_or_pem_text(string type, string others, string property, string reason)
    {
        var e = Assert.Throws<ConfigException>(() => ReadAll([type, .. others.Split('\u0000')]));

        Assert.Equal(property, e.PropertyName);
        Assert.EndsWith($"for configuration {property}: {reason}", e.Message);
    }

    [Fact]
    public void Inline_pem_keystore_needs_both_chain_and_key()
    {
        var e = Assert.Throws<ConfigException>(() => Read("SSL", "ssl.keystore.location=", "ssl.keystore.type=PEM", "ssl.keystore.certificate.chain=c"));

        Assert.Equal("Invalid value null for configuration ssl.keystore.key: an inline PEM keystore needs both ssl.keystore.certificate.chain and ssl.keystore.key", e.Message);
    }

    [Fact]
    public void Tls_settings_are_known_properties_and_raise_no_warning()
    {
        var loaded = Props.LoadResult(Listeners, ProtocolMap, Keystore, "ssl.client.auth=required", "ssl.cipher.suites=TLS_AES_128_GCM_SHA256",
            "ssl.principal.mapping.rules=DEFAULT", "ssl.truststore.certificates=x", "ssl.keystore.certificate.chain=y", "ssl.keystore.key=z", "ssl.key.password=p");

        Assert.Empty(loaded.Warnings);
    }

    // An empty value means unset here, so a test can drop the default keystore location.
    private static TlsListenerSettings Read(string listenerName, params string[] properties)
    {
        var config = Load(properties);
        return TlsListenerConfig.Read(config, config.Listeners.Single(l => l.Name == listenerName));
    }

    private static void ReadAll(params string[] properties)
    {
        var config = Load(properties);
        foreach (var listener in config.Listeners)
        {
            TlsListenerConfig.Read(config, listener);
        }
    }

    private static BrokerConfig Load(string[] properties)
    {
        var all = new List<string> { Listeners, ProtocolMap };
        if (!properties.Contains("ssl.keystore.location="))
        {
            all.Add(Keystore);
        }
        all.AddRange(properties.Where(p => p != "ssl.keystore.location="));
        return Props.Load([.. all]);
    }
}
