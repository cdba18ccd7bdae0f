using KafkaNet.Broker;
using KafkaNet.Server.Configuration;

namespace KafkaNet.Server.Tests;

public class ConnectionSettingsTests
{
    [Fact]
    public void Defaults_of_the_properties_are_the_brokers_defaults()
    {
        var options = new BrokerOptions();
        ConnectionSettings.Apply(Props.Load(), options);

        Assert.Equal((int.MaxValue, int.MaxValue, "", int.MaxValue, 600000L),
            (options.MaxConnections, options.MaxConnectionsPerIp, options.MaxConnectionsPerIpOverrides, options.MaxConnectionCreationRate, options.ConnectionsMaxIdleMs));
    }

    [Fact]
    public void Connection_properties_reach_the_broker_options()
    {
        var config = Props.Load(
            "max.connections=100",
            "max.connections.per.ip=10",
            "max.connections.per.ip.overrides=127.0.0.1:200,10.0.0.7:0",
            "max.connection.creation.rate=50",
            "connections.max.idle.ms=-1");
        var options = new BrokerOptions();

        ConnectionSettings.Apply(config, options);

        Assert.Equal((100, 10, "127.0.0.1:200,10.0.0.7:0", 50, -1L),
            (options.MaxConnections, options.MaxConnectionsPerIp, options.MaxConnectionsPerIpOverrides, options.MaxConnectionCreationRate, options.ConnectionsMaxIdleMs));
    }

    [Fact]
    public void Host_names_in_the_overrides_are_accepted_when_they_resolve()
    {
        var options = new BrokerOptions();
        ConnectionSettings.Apply(Props.Load("max.connections.per.ip.overrides=localhost:5,[::1]:6"), options);

        Assert.Equal("localhost:5,[::1]:6", options.MaxConnectionsPerIpOverrides);
    }

    [Fact]
    public void A_zero_per_ip_limit_needs_overrides_allowing_some_addresses()
    {
        Props.Rejects("max.connections.per.ip", "0");

        var options = new BrokerOptions();
        ConnectionSettings.Apply(Props.Load("max.connections.per.ip=0", "max.connections.per.ip.overrides=127.0.0.1:5"), options);
        Assert.Equal(0, options.MaxConnectionsPerIp);
    }

    [Theory]
    [InlineData("max.connections", "-1")]
    [InlineData("max.connections.per.ip", "-2")]
    [InlineData("max.connections.per.ip.overrides", "127.0.0.1")]
    [InlineData("max.connections.per.ip.overrides", "127.0.0.1:lots")]
    [InlineData("max.connections.per.ip.overrides", "no-such-host.invalid:5")]
    [InlineData("max.connection.creation.rate", "-3")]
    [InlineData("connections.max.idle.ms", "-5")]
    public void Invalid_connection_properties_stop_startup(string name, string value) => Props.Rejects(name, value);
}
