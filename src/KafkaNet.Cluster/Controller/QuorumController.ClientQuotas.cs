using KafkaNet.Broker.Quotas;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;

namespace KafkaNet.Cluster.Controller;

// AlterClientQuotas: each entry checked on its own and written as ClientQuotaRecords, as Kafka's controller does.
public sealed partial class QuorumController
{
    public Task<AlterClientQuotasResponse> AlterClientQuotasAsync(AlterClientQuotasRequest request, short version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(image =>
        {
            var records = new List<MetadataRecord>();
            var response = new AlterClientQuotasResponse();
            foreach (var entry in request.Entries)
            {
                var entity = new ClientQuotaEntity(entry.Entity.Select(e => new KeyValuePair<string, string?>(e.EntityType, e.EntityName)));
                var changes = new List<MetadataRecord>();
                var error = AlterClientQuota(image.ClientQuotas.GetValueOrDefault(entity), entity, entry, changes);
                if (!error.IsError && !request.ValidateOnly)
                {
                    records.AddRange(changes);
                }
                response.Entries.Add(Result(entry, error.Code, error.Message));
            }
            return new Plan<AlterClientQuotasResponse>(records, _ => response);
        }, (code, message) =>
        {
            var failed = new AlterClientQuotasResponse();
            failed.Entries.AddRange(request.Entries.Select(e => Result(e, code, message)));
            return failed;
        }, cancellationToken);
    }

    private static ApiError AlterClientQuota(IReadOnlyDictionary<string, double>? current, ClientQuotaEntity entity, AlterClientQuotasRequest.EntryData entry, List<MetadataRecord> records)
    {
        var error = ClientQuotaKeys.ValidateEntity(entity);
        if (error.IsError)
        {
            return error;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var op in entry.Ops)
        {
            if (!seen.Add(op.Key))
            {
                return new ApiError(ErrorCode.InvalidRequest, $"Duplicate quota key {op.Key} not updating quota for entity {entity}");
            }
            error = ClientQuotaKeys.ValidateValue(entity, op.Key, op.Value, op.Remove);
            if (error.IsError)
            {
                return error;
            }
            // Removing a key that is not set, or setting the value it has, changes nothing.
            bool has = current is not null && current.TryGetValue(op.Key, out double old);
            if (op.Remove ? has : !(has && current![op.Key] == op.Value))
            {
                records.Add(MetadataRecord.Latest(op.Remove ? ClientQuotaRecords.Remove(entity, op.Key) : ClientQuotaRecords.Set(entity, op.Key, op.Value)));
            }
        }
        return ApiError.None;
    }

    private static AlterClientQuotasResponse.EntryData Result(AlterClientQuotasRequest.EntryData entry, ErrorCode code, string? message)
    {
        var result = new AlterClientQuotasResponse.EntryData { ErrorCode = (short)code, ErrorMessage = message };
        result.Entity.AddRange(entry.Entity.Select(e => new AlterClientQuotasResponse.EntityData { EntityType = e.EntityType, EntityName = e.EntityName }));
        return result;
    }
}
