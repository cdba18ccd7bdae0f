using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Quotas;

/// <summary>Converts between <see cref="ClientQuotaRecord"/>s and <see cref="ClientQuotaEntity"/>.</summary>
public static class ClientQuotaRecords
{
    public static ClientQuotaRecord Set(ClientQuotaEntity entity, string key, double value) => Record(entity, key, value, remove: false);

    public static ClientQuotaRecord Remove(ClientQuotaEntity entity, string key) => Record(entity, key, 0, remove: true);

    public static ClientQuotaEntity EntityOf(ClientQuotaRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.Entity.Select(e => new KeyValuePair<string, string?>(e.EntityType, e.EntityName)));
    }

    private static ClientQuotaRecord Record(ClientQuotaEntity entity, string key, double value, bool remove)
    {
        var record = new ClientQuotaRecord { Key = key, Value = value, Remove = remove };
        foreach (var (type, name) in entity.Components)
        {
            record.Entity.Add(new() { EntityType = type, EntityName = name });
        }
        return record;
    }
}
