using KafkaNet.Cluster.Network;
using KafkaNet.Server.Configuration;

namespace KafkaNet.Server.Tests;

/// <summary>How a broker of a cluster reads its own login to its peers on the inter-broker listener.</summary>
public class InterBrokerSecurityTests
{
    private const string Jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"broker\" password=\"broker-secret\" user_broker=\"broker-secret\";";

    private static readonly string[] Cluster =
    [
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:9093,2@127.0.0.2:9093,3@127.0.0.3:9093",
        "controller.listener.names=CONTROLLER",
        "listeners=SASL_PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093",
        "listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "sasl.enabled.mechanisms=PLAIN",
    ];

    [Fact]
    public void Security_inter_broker_protocol_names_the_listener_and_plain_credentials_come_from_its_jaas()
    {
        var config = Props.Load([.. Cluster, "security.inter.broker.protocol=SASL_PLAINTEXT", "sasl.mechanism.inter.broker.protocol=PLAIN",
            "listener.name.sasl_plaintext.plain.sasl.jaas.config=" + Jaas]);

        var security = InterBrokerSecurity.Read(config, ListenerSecurity.ReadSaslListeners(config), null);

        Assert.Equal("SASL_PLAINTEXT", config.InterBrokerListenerName);
        Assert.Null(security!.Tls);
        Assert.Equal(("PLAIN", "broker", "broker-secret"), (security.Sasl!.Mechanism, security.Sasl.Username, security.Sasl.Password));
        Assert.Equal("PLAIN as broker", security.Sasl.ToString());
    }

    [Fact]
    public void Kafkas_default_mechanism_gssapi_is_refused_at_startup()
    {
        var config = Props.Load([.. Cluster, "listener.name.sasl_plaintext.plain.sasl.jaas.config=" + Jaas]);

        var e = Assert.Throws<ConfigException>(() => InterBrokerSecurity.Read(config, ListenerSecurity.ReadSaslListeners(config), null));

        Assert.Contains("sasl.mechanism.inter.broker.protocol", e.Message, StringComparison.Ordinal);
        Assert.Contains("GSSAPI", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_jaas_line_without_the_brokers_own_login_is_refused_without_showing_it()
    {
        var config = Props.Load([.. Cluster, "sasl.mechanism.inter.broker.protocol=PLAIN",
            "listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_broker=\"broker-secret\";"]);

        var e = Assert.Throws<ConfigException>(() => InterBrokerSecurity.Read(config, ListenerSecurity.ReadSaslListeners(config), null));

        Assert.Contains("username and password options are missing", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("broker-secret", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Setting_both_the_listener_name_and_the_protocol_is_an_error()
    {
        var e = Assert.Throws<ConfigException>(() => Props.Load([.. Cluster, "security.inter.broker.protocol=SASL_PLAINTEXT", "inter.broker.listener.name=SASL_PLAINTEXT"]));

        Assert.Contains("Only one of inter.broker.listener.name and security.inter.broker.protocol should be set", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_protocol_without_a_listener_of_that_name_is_an_error()
    {
        Props.Rejects("security.inter.broker.protocol", "SSL", Cluster);
    }

    [Fact]
    public void A_node_alone_in_its_cluster_needs_no_login()
    {
        var config = Props.Load("listeners=SASL_PLAINTEXT://127.0.0.1:9092", "sasl.enabled.mechanisms=PLAIN",
            "listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_alice=\"alice-secret\";");

        Assert.Null(InterBrokerSecurity.Read(config, ListenerSecurity.ReadSaslListeners(config), null));
    }

    [Fact]
    public void A_secured_inter_broker_listener_that_is_not_the_registered_one_is_refused()
    {
        var config = Props.Load([.. Cluster[..3], "listeners=PLAINTEXT://127.0.0.1:9094,SASL_PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093",
            Cluster[4], Cluster[5], "inter.broker.listener.name=SASL_PLAINTEXT", "sasl.mechanism.inter.broker.protocol=PLAIN",
            "listener.name.sasl_plaintext.plain.sasl.jaas.config=" + Jaas]);

        var e = Assert.Throws<ConfigException>(() => InterBrokerSecurity.Read(config, ListenerSecurity.ReadSaslListeners(config), null));

        Assert.Contains("the first of listeners (PLAINTEXT)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tls_trusts_the_pem_truststore_and_endpoint_identification_can_be_turned_off()
    {
        string directory = Path.Combine(Path.GetTempPath(), "kafkanet-interbroker-tls-" + Guid.NewGuid().ToString("N"));
        using var authority = new KafkaNet.Testing.TestCertificateAuthority(directory);
        try
        {
            var config = Props.Load([.. Cluster[..3], "listeners=SSL://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093",
                "listener.security.protocol.map=SSL:SSL,CONTROLLER:PLAINTEXT", "inter.broker.listener.name=SSL",
                $"ssl.truststore.location={authority.TruststorePath}", "ssl.truststore.type=PEM", "ssl.endpoint.identification.algorithm="]);

            var security = InterBrokerSecurity.Read(config, ListenerSecurity.ReadSaslListeners(config), null);

            Assert.Null(security!.Sasl);
            Assert.Equal(authority.Authority.Thumbprint, Assert.Single(security.Tls!.TrustedRoots!).Thumbprint);
            Assert.False(security.Tls.VerifyHostName);
            Assert.Equal("SSL", security.ProtocolName);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
