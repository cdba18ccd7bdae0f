using System.Net;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Messages;
using static KafkaNet.Broker.Tests.Network.PipelinedWire;

namespace KafkaNet.Broker.Tests.Network.ConnectionLimits;

/// <summary>
/// max.connections.per.ip(.overrides) are dynamic broker configs: altered on the broker resource (or the cluster default),
/// new connections see them. (librdkafka cannot name the cluster-default resource "", so these alter broker 1.)
/// </summary>
public sealed class DynamicConnectionLimitTests
{
    [Fact]
    public async Task A_dynamic_per_ip_limit_applies_to_new_connections()
    {
        await using var kafka = await EmbeddedKafka.StartAsync();
        using (var admin = AdminClients.Create(kafka))
        {
            await admin.IncrementalAlterConfigsAsync(
                new Dictionary<ConfigResource, List<ConfigEntry>>
                {
                    [new ConfigResource { Type = ResourceType.Broker, Name = "1" }] =
                        [new ConfigEntry { Name = "max.connections.per.ip", Value = "1", IncrementalOperation = AlterConfigOpType.Set }],
                },
                new IncrementalAlterConfigsOptions { RequestTimeout = AdminClients.Timeout });
        }
        var quotas = kafka.Broker.ConnectionQuotas;
        await Bounded.UntilAsync(() => quotas.Limits.MaxConnectionsPerIp == 1 && quotas.CountOf(IPAddress.Loopback) == 0, "the new limit, with the admin client gone");

        using var first = await RawKafkaConnection.ConnectAsync(kafka.Port);
        await first.SendAsync(ApiVersionsFrame(1));
        Assert.Equal(0, (await ReceiveAsync<ApiVersionsResponse>(first, 1, 0)).ErrorCode);
        using var second = await RawKafkaConnection.ConnectAsync(kafka.Port);
        Assert.True(await second.IsClosedByBrokerAsync());
        Assert.Equal(1, quotas.CountOf(IPAddress.Loopback));
    }

    [Fact]
    public async Task An_unresolvable_override_is_refused_with_INVALID_CONFIG()
    {
        await using var kafka = await EmbeddedKafka.StartAsync();
        using var admin = AdminClients.Create(kafka);

        var error = await Assert.ThrowsAsync<IncrementalAlterConfigsException>(() => admin.IncrementalAlterConfigsAsync(
            new Dictionary<ConfigResource, List<ConfigEntry>>
            {
                [new ConfigResource { Type = ResourceType.Broker, Name = "1" }] =
                    [new ConfigEntry { Name = "max.connections.per.ip.overrides", Value = "127.0.0.1", IncrementalOperation = AlterConfigOpType.Set }],
            },
            new IncrementalAlterConfigsOptions { RequestTimeout = AdminClients.Timeout }));

        Assert.Equal(ErrorCode.InvalidConfig, Assert.Single(error.Results).Error.Code);
    }
}
