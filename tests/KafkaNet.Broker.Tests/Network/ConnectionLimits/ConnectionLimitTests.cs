using System.Net;
using System.Net.Sockets;
using Confluent.Kafka;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Messages;
using Microsoft.Extensions.Logging;
using static KafkaNet.Broker.Tests.Network.PipelinedWire;

namespace KafkaNet.Broker.Tests.Network.ConnectionLimits;

/// <summary>max.connections.per.ip(.overrides) and max.connections, over real sockets on 127.0.0.1.</summary>
public sealed class ConnectionLimitTests
{
    [Fact]
    public async Task A_connection_beyond_the_per_ip_limit_is_closed_unanswered_until_one_closes()
    {
        using var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));
        await using var kafka = await StartAsync(o => o.MaxConnectionsPerIp = 2, loggerFactory);

        using var first = await ServedAsync(kafka, 1);
        using (var second = await ServedAsync(kafka, 2))
        {
            using var third = await RawKafkaConnection.ConnectAsync(kafka.Port);
            await SendIgnoringResetAsync(third, ApiVersionsFrame(3));
            Assert.Null(await third.ReceiveFrameAsync());
            Assert.Contains("Rejected connection from /127.0.0.1, address already has the configured maximum of 2 connections.", logs.Messages);
        }

        await Bounded.UntilAsync(() => kafka.Broker.ConnectionQuotas.CountOf(IPAddress.Loopback) == 1, "the closed connection's release");
        using var fourth = await ServedAsync(kafka, 4);
    }

    [Fact]
    public async Task An_override_for_127_0_0_1_raises_its_limit()
    {
        await using var kafka = await StartAsync(o =>
        {
            o.MaxConnectionsPerIp = 1;
            o.MaxConnectionsPerIpOverrides = "127.0.0.1:3";
        });

        using var first = await ServedAsync(kafka, 1);
        using var second = await ServedAsync(kafka, 2);
        using var third = await ServedAsync(kafka, 3);
        using var fourth = await RawKafkaConnection.ConnectAsync(kafka.Port);
        await SendIgnoringResetAsync(fourth, ApiVersionsFrame(4));
        Assert.Null(await fourth.ReceiveFrameAsync());
    }

    [Fact]
    public async Task A_producer_within_the_per_ip_limit_delivers()
    {
        await using var kafka = await StartAsync(o => o.MaxConnectionsPerIp = 3);
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            MessageTimeoutMs = 10000,
        }).Build();

        var delivered = await producer.ProduceAsync("limited", new Message<Null, string> { Value = "within limits" });

        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
        Assert.InRange(kafka.Broker.ConnectionQuotas.CountOf(IPAddress.Loopback), 1, 3);
    }

    [Fact]
    public async Task At_max_connections_a_new_connection_is_served_only_once_another_closes()
    {
        await using var kafka = await StartAsync(o => o.MaxConnections = 2);
        using var first = await ServedAsync(kafka, 1);
        using var second = await ServedAsync(kafka, 2);

        using var third = await RawKafkaConnection.ConnectAsync(kafka.Port);
        await third.SendAsync(ApiVersionsFrame(3));
        var answer = ReceiveAsync<ApiVersionsResponse>(third, 3, 0);
        await Task.Delay(300);
        Assert.False(answer.IsCompleted, "served beyond max.connections");

        first.Dispose();
        Assert.Equal(0, (await answer.WaitAsync(Bounded.Timeout)).ErrorCode);
        Assert.Equal(2, kafka.Broker.ConnectionQuotas.Total);
    }

    [Fact]
    public async Task Every_way_a_connection_ends_gives_its_slot_back()
    {
        await using var kafka = await StartAsync(o => o.MaxConnectionsPerIp = 2);
        var quotas = kafka.Broker.ConnectionQuotas;

        // The client closes; the broker closes on bad input; the broker refuses a third.
        using (await ServedAsync(kafka, 1))
        {
        }
        using (var bad = await ServedAsync(kafka, 2))
        {
            await bad.SendAsync([0, 0, 0, 4, 0x7f, 0x7f, 0, 0]); // unknown API key
            Assert.True(await bad.IsClosedByBrokerAsync());
        }
        using (var a = await ServedAsync(kafka, 3))
        using (var b = await ServedAsync(kafka, 4))
        using (var refused = await RawKafkaConnection.ConnectAsync(kafka.Port))
        {
            Assert.True(await refused.IsClosedByBrokerAsync());
            Assert.Equal(2, quotas.Total);
        }

        await Bounded.UntilAsync(() => quotas.Total == 0, "every slot's release");
        Assert.Equal(0, quotas.CountOf(IPAddress.Loopback));
    }

    private static Task<EmbeddedKafka> StartAsync(Action<BrokerOptions> limits, ILoggerFactory? loggerFactory = null) =>
        EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { Configure = limits, LoggerFactory = loggerFactory });

    /// <summary>A connection whose ApiVersions was answered, so the broker has counted it.</summary>
    private static async Task<RawKafkaConnection> ServedAsync(EmbeddedKafka kafka, int correlationId)
    {
        var connection = await RawKafkaConnection.ConnectAsync(kafka.Port);
        await connection.SendAsync(ApiVersionsFrame(correlationId));
        Assert.Equal(0, (await ReceiveAsync<ApiVersionsResponse>(connection, correlationId, 0)).ErrorCode);
        return connection;
    }

    // The broker may already have closed the socket when the request goes out.
    private static async Task SendIgnoringResetAsync(RawKafkaConnection connection, byte[] frame)
    {
        try
        {
            await connection.SendAsync(frame);
        }
        catch (SocketException)
        {
        }
    }
}
