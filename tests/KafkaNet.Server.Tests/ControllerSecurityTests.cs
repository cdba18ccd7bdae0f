using KafkaNet.Server.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaNet.Server.Tests;

/// <summary>How a node reads its login to the controllers on a SASL controller listener (sasl.mechanism.controller.protocol).</summary>
public class ControllerSecurityTests
{
    private const string Jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"broker\" password=\"broker-secret\" user_broker=\"broker-secret\";";

    // A broker alone: the controller listener is named and mapped, served by the controllers.
    private static readonly string[] Broker =
    [
        "node.id=4",
        "process.roles=broker",
        "controller.quorum.voters=1@127.0.0.1:9093,2@127.0.0.2:9093,3@127.0.0.3:9093",
        "controller.listener.names=CONTROLLER",
        "listeners=PLAINTEXT://127.0.0.1:9092",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:SASL_PLAINTEXT",
        "listener.name.controller.plain.sasl.jaas.config=" + Jaas,
    ];

    // A controller alone serving the SASL controller listener.
    private static readonly string[] Controller =
    [
        "node.id=1",
        "process.roles=controller",
        "controller.quorum.voters=1@127.0.0.1:9093,2@127.0.0.2:9093,3@127.0.0.3:9093",
        "controller.listener.names=CONTROLLER",
        "listeners=CONTROLLER://127.0.0.1:9093",
        "listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT",
        "listener.name.controller.plain.sasl.jaas.config=" + Jaas,
    ];

    [Fact]
    public void A_broker_logs_in_to_the_controllers_with_the_controller_listeners_jaas()
    {
        var config = Props.Load([.. Broker, "sasl.mechanism.controller.protocol=PLAIN"]);

        var security = ControllerSecurity.Read(config, null, null);

        Assert.Equal("SASL_PLAINTEXT", security!.ProtocolName);
        Assert.Equal(("PLAIN", "broker", "broker-secret"), (security.Sasl!.Mechanism, security.Sasl.Username, security.Sasl.Password));
    }

    [Fact]
    public async Task Kafkas_default_mechanism_gssapi_stops_the_node_at_startup()
    {
        var config = Props.Load([.. Broker, "log.dirs=" + Path.Combine(Path.GetTempPath(), "kafkanet-never-started")]);

        var e = Assert.Throws<ConfigException>(() => ControllerSecurity.Read(config, null, null));
        var startup = await Assert.ThrowsAsync<ConfigException>(() => ServerNode.StartAsync(config, NullLoggerFactory.Instance, CancellationToken.None));

        Assert.Contains("sasl.mechanism.controller.protocol", e.Message, StringComparison.Ordinal);
        Assert.Contains("GSSAPI", e.Message, StringComparison.Ordinal);
        Assert.Contains("PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512", e.Message, StringComparison.Ordinal);
        Assert.Equal(e.Message, startup.Message);
    }

    [Fact]
    public void A_controller_refuses_a_mechanism_its_controller_listener_does_not_enable()
    {
        var config = Props.Load([.. Controller, "sasl.enabled.mechanisms=SCRAM-SHA-256", "sasl.mechanism.controller.protocol=PLAIN"]);

        var e = Assert.Throws<ConfigException>(() => ControllerSecurity.Read(config, ListenerSecurity.ReadSaslListeners(config)["CONTROLLER"], null));

        Assert.Contains("listener CONTROLLER enables [SCRAM-SHA-256]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plaintext_controller_listener_needs_no_login()
    {
        var config = Props.Load([.. Broker.Where(l => !l.StartsWith("listener.security", StringComparison.Ordinal)), "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"]);

        Assert.Null(ControllerSecurity.Read(config, null, null));
    }
}
