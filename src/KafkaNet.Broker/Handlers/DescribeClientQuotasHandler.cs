// DescribeClientQuotas (key 48), versions 0-1: the quotas of the entities the filter matches, from this broker's
// metadata image. Needs DESCRIBE_CONFIGS on the cluster.
using KafkaNet.Broker.Quotas;
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class DescribeClientQuotasHandler : ApiHandler<DescribeClientQuotasRequest, DescribeClientQuotasResponse>
{
    public override short ApiKey => DescribeClientQuotasRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 1;

    protected override ValueTask<DescribeClientQuotasResponse?> HandleAsync(RequestContext context, DescribeClientQuotasRequest request, CancellationToken cancellationToken)
    {
        if (!context.IsAllowed(AclOperation.DescribeConfigs, AclResourceType.Cluster, ClientQuotaAuthorization.ClusterName))
        {
            return Answer(new() { ErrorCode = (short)ErrorCode.ClusterAuthorizationFailed, ErrorMessage = ClientQuotaAuthorization.Denied, Entries = null });
        }
        var error = ClientQuotaFilter.TryParse(request, out var filter);
        if (error.IsError)
        {
            return Answer(new() { ErrorCode = (short)error.Code, ErrorMessage = error.Message, Entries = null });
        }
        var response = new DescribeClientQuotasResponse();
        foreach (var (entity, values) in context.Broker.Image.ClientQuotas.Where(q => filter.Matches(q.Key)).OrderBy(q => q.Key.ToString(), StringComparer.Ordinal))
        {
            var entry = new DescribeClientQuotasResponse.EntryData();
            entry.Entity.AddRange(entity.Components.Select(c => new DescribeClientQuotasResponse.EntityData { EntityType = c.Key, EntityName = c.Value }));
            entry.Values.AddRange(values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => new DescribeClientQuotasResponse.ValueData { Key = v.Key, Value = v.Value }));
            response.Entries!.Add(entry);
        }
        return Answer(response);
    }

    private static ValueTask<DescribeClientQuotasResponse?> Answer(DescribeClientQuotasResponse response) => ValueTask.FromResult<DescribeClientQuotasResponse?>(response);
}
