using System.Collections.Immutable;
using KafkaNet.Broker.Quotas;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;

namespace KafkaNet.Broker.Metadata;

// Client quotas (ClientQuotaRecord): entity → quota key → value.
public sealed partial record MetadataImage
{
    public ImmutableDictionary<ClientQuotaEntity, ImmutableDictionary<string, double>> ClientQuotas { get; init; } =
        ImmutableDictionary<ClientQuotaEntity, ImmutableDictionary<string, double>>.Empty;

    private void AddClientQuotaRecords(List<MetadataRecord> records)
    {
        foreach (var (entity, values) in ClientQuotas.OrderBy(q => q.Key.ToString(), StringComparer.Ordinal))
        {
            foreach (var (key, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
            {
                records.Add(MetadataRecord.Latest(ClientQuotaRecords.Set(entity, key, value)));
            }
        }
    }
}
