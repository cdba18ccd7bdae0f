using KafkaNet.Embedded;
using static KafkaNet.Broker.Tests.Quotas.QuotaWire;

namespace KafkaNet.Broker.Tests.Quotas;

/// <summary>Client quotas live in the metadata log: a restarted broker still has and enforces them.</summary>
public sealed class ClientQuotaRestartTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kafkanet-quotas-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Quotas_survive_a_restart()
    {
        await using (var kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { DataDirectory = _directory }))
        {
            Assert.Equal(0, (await SetAsync(kafka.Port, [("user", "durable")], ("producer_byte_rate", 5242880))).ErrorCode);
            Assert.Equal(0, (await SetAsync(kafka.Port, [("client-id", null)], ("consumer_byte_rate", 1024))).ErrorCode);
        }

        await using var restarted = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { DataDirectory = _directory });

        Assert.Equal(
        [
            "client-id=<default>: consumer_byte_rate=1024",
            "user=durable: producer_byte_rate=5242880",
        ], Lines(await DescribeAsync(restarted.Port, strict: false)));
        Assert.Equal(5242880, restarted.Broker.Image.ClientQuotas[Broker.Quotas.ClientQuotaEntity.Of(("user", "durable"))]["producer_byte_rate"]);
    }
}
