using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Quotas;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Quotas;

/// <summary>ClientQuotaRecords replayed into the metadata image, and carried by its snapshot records.</summary>
public class ClientQuotaImageTests
{
    private static readonly ClientQuotaEntity Alice = ClientQuotaEntity.Of(("user", "alice"));
    private static readonly ClientQuotaEntity AliceDefaultClients = ClientQuotaEntity.Of(("client-id", null), ("user", "alice"));

    private static MetadataImage Replay(MetadataImage image, params IKafkaMessage[] records)
    {
        var delta = new MetadataDelta(image);
        foreach (var record in records)
        {
            delta.Replay(record);
        }
        return delta.Apply(image.LastAppliedOffset + records.Length).Image;
    }

    [Fact]
    public void Records_set_and_remove_keys_and_an_entity_without_keys_goes_away()
    {
        var image = Replay(MetadataImage.Empty,
            ClientQuotaRecords.Set(Alice, "producer_byte_rate", 1024),
            ClientQuotaRecords.Set(Alice, "consumer_byte_rate", 2048),
            ClientQuotaRecords.Set(ClientQuotaEntity.Of(("user", "alice"), ("client-id", null)), "request_percentage", 50),
            ClientQuotaRecords.Set(Alice, "producer_byte_rate", 4096));

        Assert.Equal(new Dictionary<string, double> { ["producer_byte_rate"] = 4096, ["consumer_byte_rate"] = 2048 }, image.ClientQuotas[Alice]);
        Assert.Equal(50, image.ClientQuotas[AliceDefaultClients]["request_percentage"]);

        var removed = Replay(image, ClientQuotaRecords.Remove(Alice, "producer_byte_rate"), ClientQuotaRecords.Remove(Alice, "consumer_byte_rate"));

        Assert.False(removed.ClientQuotas.ContainsKey(Alice));
        Assert.True(removed.ClientQuotas.ContainsKey(AliceDefaultClients));
    }

    [Fact]
    public void A_record_without_entity_or_with_a_type_twice_is_refused()
    {
        var delta = new MetadataDelta(MetadataImage.Empty);

        Assert.Throws<MetadataReplayException>(() => delta.Replay(new ClientQuotaRecord { Key = "producer_byte_rate", Value = 1 }));
        Assert.Throws<MetadataReplayException>(() => delta.Replay(ClientQuotaRecords.Set(ClientQuotaEntity.Of(("user", "a"), ("user", "b")), "producer_byte_rate", 1)));
        Assert.Empty(delta.Apply(0).Image.ClientQuotas);
    }

    [Fact]
    public void Snapshot_records_rebuild_the_quotas_and_a_snapshot_without_them_drops_them()
    {
        var image = Replay(MetadataImage.Empty,
            ClientQuotaRecords.Set(Alice, "producer_byte_rate", 1024),
            ClientQuotaRecords.Set(AliceDefaultClients, "consumer_byte_rate", 512),
            ClientQuotaRecords.Set(ClientQuotaEntity.Of(("ip", null)), "connection_creation_rate", 10));

        var rebuilt = Replay(MetadataImage.Empty, [.. image.ToRecords().Select(r => r.Message)]);
        var emptied = MetadataDelta.ForSnapshot(image);

        Assert.Equal(image.ClientQuotas.OrderBy(q => q.Key.ToString()).Select(q => (q.Key, q.Value.OrderBy(v => v.Key).ToList())),
            rebuilt.ClientQuotas.OrderBy(q => q.Key.ToString()).Select(q => (q.Key, q.Value.OrderBy(v => v.Key).ToList())));
        Assert.Empty(emptied.Apply(image.LastAppliedOffset).Image.ClientQuotas);
    }
}
