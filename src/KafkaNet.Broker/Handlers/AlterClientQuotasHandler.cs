// AlterClientQuotas (key 49), versions 0-1: needs ALTER_CONFIGS on the cluster, then goes to the controller, which
// checks each entry and writes ClientQuotaRecords (as Kafka's brokers forward it).
using KafkaNet.Broker.Quotas;
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class AlterClientQuotasHandler : ApiHandler<AlterClientQuotasRequest, AlterClientQuotasResponse>
{
    public override short ApiKey => AlterClientQuotasRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 1;

    protected override ValueTask<AlterClientQuotasResponse?> HandleAsync(RequestContext context, AlterClientQuotasRequest request, CancellationToken cancellationToken)
    {
        if (!context.IsAllowed(AclOperation.AlterConfigs, AclResourceType.Cluster, ClientQuotaAuthorization.ClusterName))
        {
            return ValueTask.FromResult<AlterClientQuotasResponse?>(Failed(request, ErrorCode.ClusterAuthorizationFailed, ClientQuotaAuthorization.Denied));
        }
        if (context.Broker.Controller is null)
        {
            // Quotas live in the metadata log, which only a controller writes.
            return ValueTask.FromResult<AlterClientQuotasResponse?>(Failed(request, ErrorCode.InvalidRequest, "This broker has no controller to store client quotas."));
        }
        return ControllerForwarding.ForwardAsync<AlterClientQuotasResponse>(context, request, AlterClientQuotasRequest.ApiKey, cancellationToken);
    }

    private static AlterClientQuotasResponse Failed(AlterClientQuotasRequest request, ErrorCode code, string message)
    {
        var response = new AlterClientQuotasResponse();
        foreach (var entry in request.Entries)
        {
            var result = new AlterClientQuotasResponse.EntryData { ErrorCode = (short)code, ErrorMessage = message };
            result.Entity.AddRange(entry.Entity.Select(e => new AlterClientQuotasResponse.EntityData { EntityType = e.EntityType, EntityName = e.EntityName }));
            response.Entries.Add(result);
        }
        return response;
    }
}
