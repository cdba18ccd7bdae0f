using KafkaNet.Server.Configuration;

namespace KafkaNet.Server.Tests;

public class SaslListenerConfigTests
{
    private const string Jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"admin-secret\" user_admin=\"admin-secret\" user_alice=\"alice-secret\";";
    private const string Listeners = "listeners=SASL_PLAINTEXT://:9092";

    [Fact]
    public void Parses_kafka_plain_jaas_entry()
    {
        var jaas = JaasConfig.Parse(Jaas);

        Assert.Equal(SaslListenerConfig.PlainLoginModule, jaas.LoginModule);
        Assert.Equal("required", jaas.ControlFlag);
        Assert.Equal(
            [("username", "admin"), ("password", "admin-secret"), ("user_admin", "admin-secret"), ("user_alice", "alice-secret")],
            jaas.Options.Select(o => (o.Key, o.Value)));
    }

    [Fact]
    public void Parses_bare_values_spaces_around_equals_and_escaped_quotes()
    {
        var jaas = JaasConfig.Parse("  M optional a=plain  b = \"x y;z\"\nc=\"say \\\"hi\\\"\" ;  ");

        Assert.Equal(("M", "optional"), (jaas.LoginModule, jaas.ControlFlag));
        Assert.Equal([("a", "plain"), ("b", "x y;z"), ("c", "say \"hi\"")], jaas.Options.Select(o => (o.Key, o.Value)));
    }

    [Theory]
    [InlineData("M required a=\"b\"", "expected an option name or ';'")]
    [InlineData("M mandatory;", "invalid control flag mandatory")]
    [InlineData("M required a;", "expected '=' after a")]
    [InlineData("M required a=\"open;", "a quoted value is not closed")]
    [InlineData("M required a=1 a=2;", "option a is given twice")]
    [InlineData("M required; N required;", "only one login module is allowed")]
    [InlineData("", "no login module class")]
    public void Rejects_malformed_jaas(string text, string reason)
    {
        Assert.Equal(reason, Assert.Throws<FormatException>(() => JaasConfig.Parse(text)).Message);
    }

    [Fact]
    public void Reads_plain_users_of_the_listener()
    {
        var config = Props.Load(Listeners, "sasl.enabled.mechanisms=PLAIN", "connection.failed.authentication.delay.ms=250",
            "sasl.server.max.receive.size=65536", "listener.name.sasl_plaintext.plain.sasl.jaas.config=" + Jaas);

        var sasl = Assert.Single(ListenerSecurity.ReadSaslListeners(config));

        Assert.Equal("SASL_PLAINTEXT", sasl.Key);
        Assert.Equal(["PLAIN"], sasl.Value.EnabledMechanisms);
        Assert.Equal([("admin", "admin-secret"), ("alice", "alice-secret")], sasl.Value.PlainUsers.Select(u => (u.Key, u.Value)).Order());
        Assert.Equal(TimeSpan.FromMilliseconds(250), sasl.Value.FailedAuthenticationDelay);
        Assert.Equal(65536, sasl.Value.MaxReceiveSize);
    }

    [Fact]
    public void Listener_mechanisms_override_the_broker_wide_list()
    {
        var config = Props.Load(Listeners, "listener.name.sasl_plaintext.sasl.enabled.mechanisms=PLAIN",
            "listener.name.sasl_plaintext.plain.sasl.jaas.config=" + Jaas);

        Assert.Equal(["PLAIN"], ListenerSecurity.ReadSaslListeners(config)["SASL_PLAINTEXT"].EnabledMechanisms);
    }

    [Fact]
    public void Refuses_kafkas_default_gssapi_alone()
    {
        var config = Props.Load(Listeners, "listener.name.sasl_plaintext.plain.sasl.jaas.config=" + Jaas);

        var e = Assert.Throws<ConfigException>(() => ListenerSecurity.ReadSaslListeners(config));

        Assert.Equal("Invalid value GSSAPI for configuration sasl.enabled.mechanisms: SASL listener SASL_PLAINTEXT enables no mechanism KafkaNet serves; it serves PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER", e.Message);
    }

    [Fact]
    public void Refuses_other_mechanisms_next_to_plain()
    {
        var config = Props.Load(Listeners, "listener.name.sasl_plaintext.sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,GSSAPI,OAUTHBEARER",
            "listener.name.sasl_plaintext.plain.sasl.jaas.config=" + Jaas);

        var e = Assert.Throws<ConfigException>(() => ListenerSecurity.ReadSaslListeners(config));

        Assert.Equal("Invalid value PLAIN,SCRAM-SHA-256,GSSAPI,OAUTHBEARER for configuration listener.name.sasl_plaintext.sasl.enabled.mechanisms: "
            + "SASL mechanism GSSAPI is not supported on listener SASL_PLAINTEXT; KafkaNet serves PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER", e.Message);
    }

    [Theory]
    [InlineData(null, "Invalid value null for configuration listener.name.sasl_plaintext.plain.sasl.jaas.config: SASL listener SASL_PLAINTEXT enables PLAIN and needs a JAAS configuration listing its users")]
    [InlineData("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"s3cret\";",
        "Invalid value [hidden] for configuration listener.name.sasl_plaintext.plain.sasl.jaas.config: no user_NAME=\"password\" entries: no client could authenticate")]
    [InlineData("org.apache.kafka.common.security.scram.ScramLoginModule required user_a=\"s3cret\";",
        "Invalid value [hidden] for configuration listener.name.sasl_plaintext.plain.sasl.jaas.config: the login module is org.apache.kafka.common.security.scram.ScramLoginModule, PLAIN needs org.apache.kafka.common.security.plain.PlainLoginModule")]
    [InlineData("org.apache.kafka.common.security.plain.PlainLoginModule required user_a=\"s3cret\"",
        "Invalid value [hidden] for configuration listener.name.sasl_plaintext.plain.sasl.jaas.config: expected an option name or ';'")]
    public void Refuses_missing_or_unusable_plain_users_without_showing_passwords(string? jaas, string message)
    {
        string[] properties = jaas is null ? [Listeners, "sasl.enabled.mechanisms=PLAIN"] : [Listeners, "sasl.enabled.mechanisms=PLAIN", "listener.name.sasl_plaintext.plain.sasl.jaas.config=" + jaas];
        var config = Props.Load(properties);

        var e = Assert.Throws<ConfigException>(() => ListenerSecurity.ReadSaslListeners(config));

        Assert.Equal(message, e.Message);
        Assert.DoesNotContain("s3cret", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Listener_prefixed_properties_are_not_reported_unknown()
    {
        var loaded = Props.LoadResult(Listeners, "listener.name.sasl_plaintext.plain.sasl.jaas.config=" + Jaas);

        Assert.DoesNotContain(loaded.Warnings, w => w.Contains("listener.name", StringComparison.Ordinal));
    }

    [Fact]
    public void A_single_combined_node_may_use_its_sasl_listener_between_brokers()
    {
        var config = Props.Load("process.roles=broker,controller", "node.id=1", "controller.quorum.voters=1@localhost:9093",
            "listeners=SASL_PLAINTEXT://:9092,CONTROLLER://:9093", "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT", "sasl.enabled.mechanisms=PLAIN",
            "listener.name.sasl_plaintext.plain.sasl.jaas.config=" + Jaas);

        Assert.Equal(["SASL_PLAINTEXT"], ListenerSecurity.ReadSaslListeners(config).Keys);
    }
}
