using KafkaNet.Server.Configuration;

namespace KafkaNet.Server.Tests;

public class ListenerConfigTests
{
    [Theory]
    [InlineData("PLAINTEXT://:9092", "PLAINTEXT", "", 9092)]
    [InlineData("PLAINTEXT://0.0.0.0:9092", "PLAINTEXT", "0.0.0.0", 9092)]
    [InlineData("plaintext://broker-1.example.com:19092", "PLAINTEXT", "broker-1.example.com", 19092)]
    [InlineData("INTERNAL_1://host_name:0", "INTERNAL_1", "host_name", 0)]
    [InlineData("PLAINTEXT://[::1]:9092", "PLAINTEXT", "::1", 9092)]
    [InlineData("PLAINTEXT://[fe80::1%eth0]:9092", "PLAINTEXT", "fe80::1%eth0", 9092)]
    [InlineData("PLAINTEXT://[::]:65535", "PLAINTEXT", "::", 65535)]
    [InlineData("PLAINTEXT://::1:9092", "PLAINTEXT", "::1", 9092)]
    public void Parses_listener(string text, string name, string host, int port)
    {
        var endpoint = ListenerEndpoint.Parse(text);

        Assert.Equal(name, endpoint.Name);
        Assert.Equal(host, endpoint.Host);
        Assert.Equal(port, endpoint.Port);
    }

    [Theory]
    [InlineData("PLAINTEXT://[::1]:9092")]
    [InlineData("PLAINTEXT://:0")]
    [InlineData("SSL://localhost:9093")]
    public void Formats_as_written(string text)
    {
        Assert.Equal(text, ListenerEndpoint.Parse(text).ToString());
    }

    [Theory]
    [InlineData("localhost:9092")]
    [InlineData("://localhost:9092")]
    [InlineData("PLAIN TEXT://localhost:9092")]
    [InlineData("PLAINTEXT:/localhost:9092")]
    [InlineData("PLAINTEXT://localhost")]
    [InlineData("PLAINTEXT://localhost:")]
    [InlineData("PLAINTEXT://localhost:port")]
    [InlineData("PLAINTEXT://localhost:-1")]
    [InlineData("PLAINTEXT://localhost:+1")]
    [InlineData("PLAINTEXT://localhost:65536")]
    [InlineData("PLAINTEXT://local/host:9092")]
    [InlineData("PLAINTEXT://[::1:9092")]
    [InlineData("PLAINTEXT://[::1]9092")]
    public void Rejects_malformed_listener(string text)
    {
        Assert.Throws<FormatException>(() => ListenerEndpoint.Parse(text));
        var e = Props.Rejects("listeners", text);
        Assert.Equal("listeners", e.PropertyName);
    }

    [Fact]
    public void Several_listeners_with_protocols()
    {
        var config = Props.Load("listeners=PLAINTEXT://:9092, SSL://127.0.0.1:9093,SASL_SSL://[::1]:9094");

        Assert.Equal(["PLAINTEXT", "SSL", "SASL_SSL"], config.Listeners.Select(l => l.Name));
        Assert.Equal(SecurityProtocol.Ssl, config.GetSecurityProtocol(config.Listeners[1]));
        Assert.Equal(
            ["PLAINTEXT://localhost:9092", "SSL://127.0.0.1:9093", "SASL_SSL://[::1]:9094"],
            config.AdvertisedListeners.Select(l => l.ToString()));
    }

    [Theory]
    [InlineData("PLAINTEXT://:9092,PLAINTEXT://:9093", "PLAINTEXT")]
    [InlineData("PLAINTEXT://:9092,plaintext://:9093", "PLAINTEXT")]
    [InlineData("PLAINTEXT://:9092,SSL://:9092", "9092")]
    [InlineData("PLAINTEXT://127.0.0.1:9092,SSL://localhost:9092", "9092")]
    public void Rejects_duplicate_listener_name_or_port(string listeners, string culprit)
    {
        var e = Props.Rejects("listeners", listeners);
        Assert.Contains(culprit, e.Message.Split(':', 3)[2]);
    }

    [Fact]
    public void Port_may_be_shared_by_an_ipv4_and_an_ipv6_listener_or_be_ephemeral()
    {
        Assert.Equal(2, Props.Load("listeners=PLAINTEXT://127.0.0.1:9092,SSL://[::1]:9092").Listeners.Count);
        Assert.Equal(2, Props.Load("listeners=PLAINTEXT://:0,SSL://:0").Listeners.Count);
    }

    [Fact]
    public void Ephemeral_port_is_advertised_as_zero_for_the_host_to_fill_in()
    {
        Assert.Equal(0, Assert.Single(Props.Load("listeners=PLAINTEXT://:0").AdvertisedListeners).Port);
    }

    [Theory]
    [InlineData("PLAINTEXT://0.0.0.0:9092")]
    [InlineData("PLAINTEXT://[::]:9092")]
    public void Wildcard_listener_is_advertised_as_localhost(string listener)
    {
        var advertised = Assert.Single(Props.Load($"listeners={listener}").AdvertisedListeners);
        Assert.Equal("localhost", advertised.Host);
    }

    [Fact]
    public void Explicit_advertised_listeners_are_used()
    {
        var config = Props.Load(
            "listeners=PLAINTEXT://:9092,EXTERNAL://:29092",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,EXTERNAL:PLAINTEXT",
            "advertised.listeners=PLAINTEXT://kafka:9092,EXTERNAL://:29092");

        Assert.Equal(["PLAINTEXT://kafka:9092", "EXTERNAL://localhost:29092"], config.AdvertisedListeners.Select(l => l.ToString()));
    }

    [Fact]
    public void Advertised_listeners_may_share_a_port()
    {
        var config = Props.Load(
            "listeners=PLAINTEXT://:9092,SSL://:9093",
            "advertised.listeners=PLAINTEXT://lb.example.com:443,SSL://lb.example.com:443");
        Assert.Equal(2, config.AdvertisedListeners.Count);
    }

    [Theory]
    [InlineData("SSL://localhost:9093", "SSL")]
    [InlineData("PLAINTEXT://0.0.0.0:9092", "0.0.0.0")]
    [InlineData("PLAINTEXT://a:1,PLAINTEXT://b:2", "PLAINTEXT")]
    [InlineData("PLAINTEXT//localhost:9092", "PLAINTEXT//localhost:9092")]
    public void Rejects_bad_advertised_listeners(string advertised, string culprit)
    {
        var e = Props.Rejects("advertised.listeners", advertised);
        Assert.Contains(culprit, e.Message.Split(':', 3)[2]);
    }

    [Fact]
    public void Listener_needs_a_security_protocol()
    {
        var e = Props.Rejects("listeners", "INTERNAL://:9092");
        Assert.Contains("listener.security.protocol.map", e.Message);

        var config = Props.Load("listeners=INTERNAL://:9092", "listener.security.protocol.map=internal : sasl_plaintext");
        Assert.Equal(SecurityProtocol.SaslPlaintext, config.GetSecurityProtocol(config.Listeners[0]));
    }

    [Theory]
    [InlineData("PLAINTEXT")]
    [InlineData("PLAINTEXT:TLS")]
    [InlineData(":PLAINTEXT")]
    [InlineData("PLAINTEXT:PLAINTEXT,plaintext:SSL")]
    public void Rejects_bad_security_protocol_map(string map)
    {
        Props.Rejects("listener.security.protocol.map", map);
    }

    [Fact]
    public void Controller_listeners_are_bound_but_not_advertised()
    {
        var config = Props.Load(
            "listeners=PLAINTEXT://:9092,CONTROLLER://:9093",
            "controller.listener.names=controller",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");

        Assert.Equal(2, config.Listeners.Count);
        Assert.Equal("PLAINTEXT", Assert.Single(config.BrokerListeners).Name);
        Assert.Equal("PLAINTEXT", Assert.Single(config.AdvertisedListeners).Name);

        Props.Rejects(
            "advertised.listeners",
            "CONTROLLER://localhost:9093",
            "listeners=PLAINTEXT://:9092,CONTROLLER://:9093",
            "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    }

    [Fact]
    public void A_client_listener_is_required()
    {
        Props.Rejects(
            "listeners",
            "CONTROLLER://:9093",
            "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map=CONTROLLER:PLAINTEXT");
    }

    [Fact]
    public void Inter_broker_listener_defaults_to_plaintext_else_the_first_advertised()
    {
        Assert.Equal("PLAINTEXT", Props.Load("listeners=SSL://:9093,PLAINTEXT://:9092").InterBrokerListenerName);
        Assert.Equal("SSL", Props.Load("listeners=SSL://:9093,SASL_SSL://:9094").InterBrokerListenerName);
    }

    [Fact]
    public void Inter_broker_listener_must_be_advertised()
    {
        Assert.Equal("SSL", Props.Load("listeners=PLAINTEXT://:9092,SSL://:9093", "inter.broker.listener.name=ssl").InterBrokerListenerName);
        Props.Rejects("inter.broker.listener.name", "INTERNAL");
    }
}
