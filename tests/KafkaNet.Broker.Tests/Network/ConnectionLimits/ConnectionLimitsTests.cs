using System.Net;
using Limits = KafkaNet.Broker.Network.ConnectionLimits;

namespace KafkaNet.Broker.Tests.Network.ConnectionLimits;

public sealed class ConnectionLimitsTests
{
    [Fact]
    public void Overrides_read_ip_literals_and_resolve_host_names()
    {
        var overrides = Limits.ParseOverrides(" 127.0.0.1:200 , [::1]:7,localhost:100, 10.1.2.3:0");

        Assert.Equal(0, overrides[IPAddress.Parse("10.1.2.3")]);
        Assert.True(overrides.ContainsKey(IPAddress.Loopback) || overrides.ContainsKey(IPAddress.IPv6Loopback));
        // localhost comes later than the literals, so its addresses take its count.
        Assert.All(Dns.GetHostAddresses("localhost"), a => Assert.Equal(100, overrides[a]));
    }

    [Fact]
    public void An_empty_override_list_overrides_nothing() => Assert.Empty(Limits.ParseOverrides(""));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:many")]
    [InlineData(":5")]
    [InlineData("127.0.0.1:-1")]
    [InlineData("no-such-host.invalid:5")]
    public void Malformed_overrides_are_rejected(string overrides) =>
        Assert.Throws<FormatException>(() => Limits.ParseOverrides(overrides));

    [Fact]
    public void Dynamic_values_take_precedence_over_the_options()
    {
        var options = new BrokerOptions { MaxConnections = 10, MaxConnectionsPerIp = 5, MaxConnectionsPerIpOverrides = "10.0.0.1:7" };
        var values = new Dictionary<string, string> { ["max.connections.per.ip"] = "3" };

        var limits = Limits.From(options, values.GetValueOrDefault);

        Assert.Equal((10, 3, 7, 3), (limits.MaxConnections, limits.MaxConnectionsPerIp, limits.LimitOf(IPAddress.Parse("10.0.0.1")), limits.LimitOf(IPAddress.Parse("10.0.0.2"))));
    }
}
