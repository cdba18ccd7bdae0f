using KafkaNet.Server.Configuration;

namespace KafkaNet.Server.Tests;

public class ScramListenerConfigTests
{
    private const string Listeners = "listeners=SASL_PLAINTEXT://:9092";
    private const string PlainJaas = "org.apache.kafka.common.security.plain.PlainLoginModule required user_admin=\"admin-secret\";";

    [Fact]
    public void A_scram_listener_needs_no_users_in_its_configuration()
    {
        var config = Props.Load(Listeners, "sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512");

        var sasl = ListenerSecurity.ReadSaslListeners(config)["SASL_PLAINTEXT"];

        Assert.Equal(["SCRAM-SHA-256", "SCRAM-SHA-512"], sasl.EnabledMechanisms);
        Assert.Empty(sasl.PlainUsers);
    }

    [Fact]
    public void Scram_and_plain_together_per_listener_with_kafkas_scram_login_module()
    {
        var config = Props.Load(Listeners, "listener.name.sasl_plaintext.sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-512",
            "listener.name.sasl_plaintext.plain.sasl.jaas.config=" + PlainJaas,
            "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;");

        var sasl = ListenerSecurity.ReadSaslListeners(config)["SASL_PLAINTEXT"];

        Assert.Equal(["PLAIN", "SCRAM-SHA-512"], sasl.EnabledMechanisms);
        Assert.Equal(["admin"], sasl.PlainUsers.Keys);
    }

    [Fact]
    public void A_scram_jaas_configuration_must_name_the_scram_login_module()
    {
        var config = Props.Load(Listeners, "sasl.enabled.mechanisms=SCRAM-SHA-256",
            "listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=" + PlainJaas);

        var e = Assert.Throws<ConfigException>(() => ListenerSecurity.ReadSaslListeners(config));

        Assert.Equal("Invalid value [hidden] for configuration listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config: the login module is "
            + "org.apache.kafka.common.security.plain.PlainLoginModule, SCRAM-SHA-256 needs org.apache.kafka.common.security.scram.ScramLoginModule", e.Message);
    }

    [Fact]
    public void Scram_sha_1_is_not_a_mechanism_kafka_serves()
    {
        var config = Props.Load(Listeners, "sasl.enabled.mechanisms=SCRAM-SHA-512,SCRAM-SHA-1");

        var e = Assert.Throws<ConfigException>(() => ListenerSecurity.ReadSaslListeners(config));

        Assert.Equal("Invalid value SCRAM-SHA-512,SCRAM-SHA-1 for configuration sasl.enabled.mechanisms: "
            + "SASL mechanism SCRAM-SHA-1 is not supported on listener SASL_PLAINTEXT; KafkaNet serves PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER", e.Message);
    }
}
