using KafkaNet.Embedded;
using KafkaNet.Protocol.Messages;
using KafkaNet.Server.Configuration;
using static KafkaNet.Broker.Tests.Network.PipelinedWire;

namespace KafkaNet.Broker.Tests.Network.ConnectionLimits;

/// <summary>listener.name.&lt;listener&gt;.max.connections: the listener's own limit, read from server properties.</summary>
public sealed class ListenerConnectionLimitTests
{
    [Fact]
    public async Task At_its_own_limit_a_listener_serves_a_new_connection_only_once_another_closes()
    {
        await using var kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { Configure = o => o.ListenerMaxConnections["PLAINTEXT"] = 1 });
        var first = await RawKafkaConnection.ConnectAsync(kafka.Port);
        await first.SendAsync(ApiVersionsFrame(1));
        await ReceiveAsync<ApiVersionsResponse>(first, 1, 0);

        using var second = await RawKafkaConnection.ConnectAsync(kafka.Port);
        await second.SendAsync(ApiVersionsFrame(2));
        var answer = ReceiveAsync<ApiVersionsResponse>(second, 2, 0);
        await Task.Delay(300);
        Assert.False(answer.IsCompleted, "served beyond the listener's max.connections");

        first.Dispose();
        Assert.Equal(0, (await answer.WaitAsync(Bounded.Timeout)).ErrorCode);
        Assert.Equal(1, kafka.Broker.ConnectionQuotas.Total);
    }

    [Fact]
    public void The_limit_is_read_for_the_listener_it_names()
    {
        var config = ServerConfigurationLoader.FromProperties(new Dictionary<string, string>
        {
            ["listener.name.plaintext.max.connections"] = "7",
        }).Config;
        var options = new BrokerOptions();

        ConnectionSettings.Apply(config, options);

        Assert.Equal(7, options.ListenerMaxConnections["PLAINTEXT"]);
        Assert.Equal(7, KafkaNet.Broker.Network.ConnectionLimits.From(options).LimitOfListener("PLAINTEXT"));
        Assert.Equal(int.MaxValue, KafkaNet.Broker.Network.ConnectionLimits.From(options).LimitOfListener("OTHER"));
    }

    [Fact]
    public void A_limit_that_is_not_a_count_is_refused()
    {
        var config = ServerConfigurationLoader.FromProperties(new Dictionary<string, string>
        {
            ["listener.name.plaintext.max.connections"] = "many",
        }).Config;

        var e = Assert.Throws<ConfigException>(() => ConnectionSettings.Apply(config, new BrokerOptions()));
        Assert.Contains("listener.name.plaintext.max.connections", e.Message, StringComparison.Ordinal);
    }
}
