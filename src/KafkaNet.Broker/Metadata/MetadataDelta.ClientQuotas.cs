using System.Collections.Immutable;
using KafkaNet.Broker.Quotas;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Metadata;

// Client quotas: a ClientQuotaRecord sets one key of one entity, or removes it; an entity without keys goes away.
public sealed partial class MetadataDelta
{
    private ImmutableDictionary<ClientQuotaEntity, ImmutableDictionary<string, double>>.Builder? _clientQuotas;

    private ImmutableDictionary<ClientQuotaEntity, ImmutableDictionary<string, double>>? _clientQuotasStart;

    private void StartClientQuotas(MetadataImage start) => _clientQuotasStart = start.ClientQuotas;

    private ImmutableDictionary<ClientQuotaEntity, ImmutableDictionary<string, double>> ClientQuotasResult() =>
        _clientQuotas?.ToImmutable() ?? _clientQuotasStart!;

    private void ReplayClientQuota(ClientQuotaRecord r)
    {
        if (r.Entity.Count == 0 || string.IsNullOrEmpty(r.Key))
        {
            throw new MetadataReplayException("ClientQuotaRecord needs an entity and a key");
        }
        var entity = ClientQuotaRecords.EntityOf(r);
        if (entity.Components.Select(c => c.Key).Distinct(StringComparer.Ordinal).Count() != entity.Components.Length)
        {
            throw new MetadataReplayException($"ClientQuotaRecord names an entity type twice: {entity}");
        }
        _clientQuotas ??= _clientQuotasStart!.ToBuilder();
        var values = _clientQuotas.TryGetValue(entity, out var current) ? current : ImmutableDictionary<string, double>.Empty.WithComparers(StringComparer.Ordinal);
        values = r.Remove ? values.Remove(r.Key) : values.SetItem(r.Key, r.Value);
        if (values.IsEmpty)
        {
            _clientQuotas.Remove(entity);
        }
        else
        {
            _clientQuotas[entity] = values;
        }
    }
}
